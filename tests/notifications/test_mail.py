"""`notify send` through a real SMTP server: each choice honoured, nothing sent twice."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.config import Settings, SmtpSettings
from app.domain.reviews import ReviewOutcome, ReviewStatus
from app.models.initiatives import Initiative
from app.models.notifications import Notification
from app.notifications import mail, services
from app.notifications.rules import EmailChoice, NotificationKind
from tests.conftest import People
from tests.web.pages.test_deadline_pages import Inbox
from tests.worklists.test_queries import condition, review

NOW = datetime.now(UTC)


def settings_for(port: int) -> Settings:
    return Settings(
        database_url="", secret_key="x", secure_cookies=False, session_max_age=60,
        smtp=SmtpSettings(host="127.0.0.1", port=port, sender="kf@example.se", starttls=False),
    )  # fmt: skip


def received(inbox: Inbox, count: int) -> list[Any]:
    deadline = time.monotonic() + 5
    while len(inbox.messages) < count and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.2)  # and nothing more arrives
    return inbox.messages


def test_immediate_then_daily_and_never_twice(
    session: Session, people: People, initiative: Initiative, smtp_server: tuple[Inbox, int]
) -> None:
    inbox, port = smtp_server
    settings = settings_for(port)
    people.leader.locale = "en"
    decided = review(session, initiative, people, 5, ReviewStatus.DECIDED, today=NOW.date())
    decided.outcome = ReviewOutcome.GO
    decided.decided_at = NOW - timedelta(hours=1)
    condition(session, decided, NOW.date() + timedelta(days=2))
    session.commit()
    services.choose_email(
        session, user=people.funder, choices={NotificationKind.REVIEW_DECIDED: EmailChoice.NEVER}
    )

    first = mail.send(session, settings, base_url="https://kf.example.se", now=NOW, daily=False)
    assert [m["To"] for m in first] == ["leader@example.se"]  # the decision; the funder said never
    again = mail.send(session, settings, base_url="https://kf.example.se", now=NOW, daily=False)
    assert again == []
    daily = mail.send(session, settings, base_url="https://kf.example.se", now=NOW, daily=True)
    assert [m["To"] for m in daily] == ["leader@example.se"]  # the condition, in the summary
    assert mail.send(session, settings, base_url="https://kf.example.se", now=NOW, daily=True) == []

    messages = received(inbox, 2)
    assert len(messages) == 2
    decision = messages[0].get_payload(decode=True).decode()
    assert "is decided: Go" in decision  # in the leader's language
    assert f"https://kf.example.se/gate-reviews/{decided.id}" in decision
    assert "due on" in messages[1].get_payload(decode=True).decode()
    undone = session.scalars(select(Notification).where(Notification.email_done_at.is_(None)))
    assert list(undone) == []


def test_a_failed_delivery_gives_the_claims_back(
    session: Session, people: People, initiative: Initiative
) -> None:
    review(session, initiative, people, days_ago=1, today=NOW.date())
    session.commit()
    closed_port = settings_for(1)  # nothing listens there
    try:
        mail.send(session, closed_port, base_url="http://x", now=NOW, daily=False)
    except OSError:
        pass
    else:
        raise AssertionError("the delivery should have failed")
    pending = session.scalars(select(Notification).where(Notification.email_done_at.is_(None)))
    assert len(list(pending)) == 1  # the support officer's, ready for the next run


def test_a_dry_run_claims_nothing(session: Session, people: People, initiative: Initiative) -> None:
    review(session, initiative, people, days_ago=1, today=NOW.date())
    session.commit()
    services.collect(session, now=NOW)
    composed = mail.send(session, settings_for(1), base_url="http://x", now=NOW, daily=False,
                         dry_run=True)  # fmt: skip
    assert [m["To"] for m in composed] == ["support@example.se"]
    assert "Textilnoden" in composed[0].get_content()
    assert session.scalar(select(Notification.email_done_at)) is None
