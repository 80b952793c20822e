"""The notification list, marking read, and the e-mail choices, over HTTP."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.initiatives import Initiative
from app.models.notifications import Notification, NotificationSetting
from app.notifications import services
from app.notifications.rules import EmailChoice, NotificationKind
from tests.conftest import People, bearer, login
from tests.worklists.test_queries import review


def test_the_bell_the_list_and_marking_read(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    made = review(session, initiative, people, days_ago=1, today=datetime.now(UTC).date())
    session.commit()
    services.collect(session, now=datetime.now(UTC))
    csrf = login(client, people.support)

    page = client.get("/notifications", headers={"Accept-Language": "sv"})
    assert page.status_code == 200
    assert "Textilnoden begär en grindgranskning ut ur Utgångspunkt." in page.text
    assert f'href="/gate-reviews/{made.id}"' in page.text
    assert 'class="notification-count"' in client.get("/initiatives").text

    notification = session.scalar(
        select(Notification).where(Notification.user_id == people.support.id)
    )
    assert notification is not None
    done = client.post(
        f"/notifications/{notification.id}/read", data={"csrf_token": csrf}, follow_redirects=False
    )
    assert done.status_code == 303
    session.refresh(notification)
    assert notification.read_at is not None
    assert 'class="notification-count"' not in client.get("/initiatives").text


def test_nobody_marks_another_persons_notification(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    review(session, initiative, people, days_ago=1, today=datetime.now(UTC).date())
    session.commit()
    services.collect(session, now=datetime.now(UTC))
    theirs = session.scalar(select(Notification.id))
    csrf = login(client, people.leader)
    assert (
        client.post(f"/notifications/{theirs}/read", data={"csrf_token": csrf}).status_code == 404
    )
    assert client.post(
        "/notifications/99999999999999999999/read", data={"csrf_token": csrf}
    ).status_code in (404, 422)


def test_choosing_e_mail_per_kind(client: TestClient, session: Session, people: People) -> None:
    csrf = login(client, people.leader)
    form = client.get("/notifications/settings", headers={"Accept-Language": "en"})
    assert form.status_code == 200 and "In a daily summary" in form.text
    saved = client.post(
        "/notifications/settings",
        data={"csrf_token": csrf, "review_decided": "daily", "mention": "never"},
        follow_redirects=False,
    )
    assert saved.status_code == 303
    chosen = {
        s.kind: s.email
        for s in session.scalars(
            select(NotificationSetting).where(NotificationSetting.user_id == people.leader.id)
        )
    }
    assert chosen[NotificationKind.REVIEW_DECIDED] is EmailChoice.DAILY
    assert chosen[NotificationKind.MENTION] is EmailChoice.NEVER
    bad = client.post("/notifications/settings", data={"csrf_token": csrf, "mention": "hourly"})
    assert bad.status_code == 422


def test_a_request_and_its_decision_notify_at_once(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    from app.phases import get_model
    from tests.portfolio.helpers import settle

    model = get_model(initiative.model_version)
    settle(session, people, initiative, [i.key for i in model.required_items(initiative.phase)])
    asked = client.post(
        f"/api/initiatives/{initiative.id}/gate-reviews",
        json={"note": "Klart"},
        headers=bearer(session, people.leader),
    )
    assert asked.status_code == 201, asked.text
    kinds = {(n.user_id, n.kind) for n in session.scalars(select(Notification)).all()}
    assert (people.support.id, NotificationKind.REVIEW_REQUESTED) in kinds
    decided = client.post(
        f"/api/gate-reviews/{asked.json()['id']}/decision",
        json={"outcome": "go", "rationale": "Bra"},
        headers=bearer(session, people.support),
    )
    assert decided.status_code == 200, decided.text
    session.expire_all()
    told = {
        n.user_id
        for n in session.scalars(select(Notification)).all()
        if n.kind is NotificationKind.REVIEW_DECIDED
    }
    assert told == {people.leader.id, people.funder.id}
