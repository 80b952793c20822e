"""Target dates on result items, the overdue list, and the weekly digest over real SMTP."""

from __future__ import annotations

import re
import socket
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from email import message_from_bytes
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlalchemy.orm import Session

from app.config import Settings, SmtpSettings
from app.models.initiatives import ItemState
from app.phases import Phase, get_model
from app.portfolio import digest
from app.portfolio.deadlines import overdue_items
from tests.conftest import People, bearer, login
from tests.portfolio.helpers import Portfolio, backdate, build

MODEL = get_model()
PILOT_RESULTS = [i for i in MODEL.items if i.phase is Phase.PILOT and i.category.value == "results"]
PILOT_SUPPORT = next(
    i for i in MODEL.items if i.phase is Phase.PILOT and i.category.value == "support"
)
STARTING_RESULT = MODEL.required_items(Phase.STARTING_POINT)[0]


@pytest.fixture
def portfolio(session: Session, people: People) -> Portfolio:
    return build(session, people)


def put_date(
    client: TestClient, headers: dict[str, str], initiative_id: int, key: str, value: Any
) -> Any:
    return client.put(
        f"/api/initiatives/{initiative_id}/items/{key}/target-date",
        json={"target_date": value},
        headers=headers,
    )


def test_target_dates_and_the_overdue_list(
    client: TestClient, session: Session, people: People, portfolio: Portfolio, initiative: Any
) -> None:
    support = bearer(session, people.support)
    textile = portfolio.textile.id
    open_result = PILOT_RESULTS[-1]  # not settled by the helper
    settled_result = PILOT_RESULTS[0]
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    assert put_date(client, support, textile, open_result.key, yesterday).status_code == 200
    assert put_date(client, support, textile, settled_result.key, yesterday).status_code == 200
    later = (date.today() + timedelta(days=30)).isoformat()
    assert put_date(client, support, textile, PILOT_RESULTS[-2].key, later).status_code == 200
    overdue = client.get("/api/portfolio/overdue", headers=support).json()["items"]
    assert [(o["initiative_id"], o["item_key"]) for o in overdue] == [(textile, open_result.key)]
    assert overdue[0]["days_overdue"] == 1 and overdue[0]["target_date"] == yesterday
    # Clearing the date takes the item off the list.
    assert put_date(client, support, textile, open_result.key, None).json()["target_date"] is None
    assert client.get("/api/portfolio/overdue", headers=support).json()["items"] == []


def test_who_may_set_target_dates_on_what(
    client: TestClient, session: Session, people: People, portfolio: Portfolio
) -> None:
    textile = portfolio.textile.id
    key = PILOT_RESULTS[-1].key
    day = date.today().isoformat()
    assert put_date(client, bearer(session, people.funder), textile, key, day).status_code == 403
    assert (
        put_date(
            client, bearer(session, people.support), textile, PILOT_SUPPORT.key, day
        ).status_code
        == 403
    )
    # An earlier phase's result is history.
    assert (
        put_date(
            client, bearer(session, people.admin), textile, STARTING_RESULT.key, day
        ).status_code
        == 403
    )
    assert (
        put_date(client, bearer(session, people.admin), textile, key, "24/11/2026").status_code
        == 422
    )
    assert (
        put_date(client, bearer(session, people.admin), textile, "pilot.nope", day).status_code
        == 404
    )


def test_the_leadership_group_sets_a_date_with_the_item_form(
    client: TestClient, session: Session, people: People, initiative: Any
) -> None:
    csrf = login(client, people.leader)
    key = STARTING_RESULT.key
    page = client.get(f"/initiatives/{initiative.id}?open={key}")  # the item, open
    assert f'action="/initiatives/{initiative.id}/items/{key}/target-date"' in page.text
    saved = client.post(
        f"/initiatives/{initiative.id}/items/{key}/target-date",
        data={"target_date": "2030-01-31", "csrf_token": csrf},
        headers={"HX-Request": "true"},
    )
    assert saved.status_code == 200
    assert 'value="2030-01-31"' in saved.text
    bad = client.post(
        f"/initiatives/{initiative.id}/items/{key}/target-date",
        data={"target_date": "31 jan", "csrf_token": csrf},
        headers={"HX-Request": "true"},
    )
    assert bad.status_code == 422 and 'value="31 jan"' in bad.text  # the input is kept
    refused = client.post(
        f"/initiatives/{initiative.id}/items/{key}/target-date", data={"target_date": "2030-01-31"}
    )
    assert refused.status_code == 403  # no CSRF token


def test_overdue_page_and_digest_opt_out(
    client: TestClient, session: Session, people: People, portfolio: Portfolio
) -> None:
    put_date(
        client,
        bearer(session, people.support),
        portfolio.textile.id,
        PILOT_RESULTS[-1].key,
        "2020-01-01",
    )
    csrf = login(client, people.support)
    page = client.get("/portfolio/overdue")
    assert "Textilnoden" in page.text and "2020-01-01" in page.text
    client.post("/portfolio/digest", data={"csrf_token": csrf})  # checkbox unticked
    session.refresh(people.support)
    assert people.support.digest_opt_out is True


class Inbox:
    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"


@pytest.fixture
def smtp_server() -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


def test_weekly_digest_goes_through_a_real_smtp_server(
    client: TestClient, session: Session, people: People, portfolio: Portfolio,
    smtp_server: tuple[Inbox, int],
) -> None:  # fmt: skip
    inbox, port = smtp_server
    put_date(
        client,
        bearer(session, people.support),
        portfolio.textile.id,
        PILOT_RESULTS[-1].key,
        "2020-01-01",
    )
    settings = Settings(
        database_url="", secret_key="x", secure_cookies=False, session_max_age=60,
        smtp=SmtpSettings(host="127.0.0.1", port=port, sender="kf@example.se", starttls=False),
    )  # fmt: skip
    sent = digest.send(session, settings, base_url="https://kf.example.se")
    assert [m["To"] for m in sent] == ["support@example.se"]  # the only support officer
    deadline = time.monotonic() + 5
    while not inbox.messages and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(inbox.messages) == 1
    received = inbox.messages[0]
    assert received["To"] == "support@example.se" and received["From"] == "kf@example.se"
    body = received.get_payload(decode=True).decode()
    assert "Textilnoden" in body and "2020-01-01" in body  # the overdue result
    assert "Rymdklustret" in body  # the stalled initiative
    assert f"https://kf.example.se/initiatives/{portfolio.space.id}" in body
    # Opted out: nothing is sent.
    people.support.digest_opt_out = True
    session.commit()
    assert digest.send(session, settings, base_url="https://kf.example.se") == []
    assert len(inbox.messages) == 1


def test_only_those_who_get_the_digest_are_offered_to_stop_it(
    client: TestClient, session: Session, people: People
) -> None:
    login(client, people.support)
    assert 'action="/portfolio/digest"' in client.get("/portfolio/overdue").text
    client.cookies.clear()
    login(client, people.admin)  # admins are not sent the digest: no checkbox to untick
    assert 'action="/portfolio/digest"' not in client.get("/portfolio/overdue").text


def test_the_overdue_page_pages_a_long_list(
    client: TestClient, session: Session, people: People, portfolio: Portfolio
) -> None:
    """A support function's overdue list may run to thousands: 100 a page, each row once,
    and how many there are in all (until pages, it stopped at the first 1,000 unsaid)."""
    ids = [portfolio.textile.id, portfolio.space.id, portfolio.food.id]
    session.execute(
        update(ItemState)
        .where(ItemState.initiative_id.in_(ids))
        .values(target_date=date.today() - timedelta(days=3))
    )
    session.commit()
    total = len(overdue_items(session, user=people.support, today=date.today()))
    assert total > 200
    login(client, people.support)
    seen = 0
    pages = -(-total // 100)
    for page in range(1, pages + 1):
        html = client.get(f"/portfolio/overdue?page={page}").text
        rows = re.findall(r'class="strong-link" href="/initiatives/\d+"', html)
        assert len(rows) == (100 if page < pages else total - 100 * (pages - 1))
        seen += len(rows)
        assert f"Sida {page} av {pages}" in html or f"Page {page} of {pages}" in html
        assert ('rel="next"' in html) is (page < pages)
        assert ('rel="prev"' in html) is (page > 1)
    assert seen == total and f"{total} " in client.get("/portfolio/overdue").text
    last = client.get(f"/portfolio/overdue?page={pages + 5}")  # past the last: the last
    assert last.status_code == 200 and 'rel="next"' not in last.text
    for bad in ("0", "-1", "abc", str(10**30), "%00"):
        assert client.get(f"/portfolio/overdue?page={bad}").status_code == 422


def test_the_overdue_api_pages_when_asked(
    client: TestClient, session: Session, people: People, portfolio: Portfolio
) -> None:
    session.execute(
        update(ItemState)
        .where(ItemState.initiative_id == portfolio.textile.id)
        .values(target_date=date.today() - timedelta(days=3))
    )
    session.commit()
    headers = bearer(session, people.support)
    unpaged = client.get("/api/portfolio/overdue", headers=headers).json()
    whole = unpaged["items"]  # the first 1,000, as before paging
    assert len(whole) > 60 and "total" not in unpaged
    url: str | None = "/api/portfolio/overdue?per_page=25"
    walked: list[tuple[int, str]] = []
    while url is not None:
        response = client.get(url, headers=headers)
        body = response.json()
        assert body["total"] == len(whole) and body["per_page"] == 25
        walked += [(o["initiative_id"], o["item_key"]) for o in body["items"]]
        found = re.search(r'<([^>]+)>; rel="next"', response.headers.get("Link", ""))
        url = found.group(1) if found else None
    assert walked == [(o["initiative_id"], o["item_key"]) for o in whole]  # the same order
    past = client.get("/api/portfolio/overdue?page=99&per_page=25", headers=headers)
    assert past.status_code == 200 and past.json()["items"] == []
    for bad in ("page=0", "per_page=1001", "per_page=x"):
        response = client.get(f"/api/portfolio/overdue?{bad}", headers=headers)
        assert response.status_code == 422


def test_the_digest_names_the_first_of_each_list_and_counts_the_rest(
    session: Session, people: People, portfolio: Portfolio, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A whole country's digest would list thousands: each list names the first SHOWN and
    says how many more there are, with the page that lists them all."""
    monkeypatch.setattr(digest, "SHOWN", 1)
    backdate(session, portfolio.food, 100)  # stalled, as the space initiative is
    session.execute(
        update(ItemState)
        .where(ItemState.initiative_id == portfolio.textile.id)
        .values(target_date=date.today() - timedelta(days=3))
    )
    session.commit()
    settings = Settings(database_url="", secret_key="x", secure_cookies=False, session_max_age=60)
    now = datetime.now(UTC)
    (found,) = digest.collect(session, settings, now=now, today=now.date())
    overdue, stalled = found.overdue.total, found.stalled_total
    assert len(found.overdue.items) == 1 and overdue > 1
    assert len(found.stalled) == 1 and stalled >= 2
    body = digest.compose(found, sender="kf@example.se", today=now.date(), base_url="https://kf")
    text = body.get_content()  # in Swedish, the support officer's language unless chosen
    assert f"… och {overdue - 1} till: https://kf/portfolio/overdue" in text
    assert f"… och {stalled - 1} till: https://kf/portfolio?stalled=true" in text
    assert text.count("https://kf/initiatives/") == 2  # one of each list
