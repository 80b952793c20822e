"""Steps that cannot be undone ask first, without JavaScript too: their forms post to the
confirm page, which says what will happen and posts the same fields on."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.domain.workflow import available_triggers
from app.evidence import services as evidence_services
from app.evidence.storage import BlobStore
from app.initiatives import queries as initiative_queries
from app.models.initiatives import Initiative
from app.phases import Phase, get_model
from tests.conftest import People, bearer, login
from tests.web.pages.test_review_pages import tick_all

START = get_model().required_items(Phase.STARTING_POINT)
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)">')


def _forwarded(html: str) -> dict[str, str]:
    form = html.split('id="confirm-title"')[1]
    return dict(HIDDEN.findall(form))


def test_the_initiative_page_sends_each_move_to_the_confirm_step(
    client: TestClient, people: People, initiative: Initiative
) -> None:
    login(client, people.support)
    page = client.get(f"/initiatives/{initiative.id}").text
    moves = re.findall(r'<form method="post" class="transition transition-(\w+)"([^>]*)>', page)
    expected = {t.value for t in available_triggers(Phase.STARTING_POINT)} - {"reopen"}
    assert {name for name, _ in moves} == expected
    assert all('action="/confirm" data-confirm' in attrs for _, attrs in moves)


def test_advancing_without_javascript_goes_through_the_confirm_page(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    tick_all(client, bearer(session, people.leader), initiative)
    csrf = login(client, people.support)
    fields = {
        "csrf_token": csrf,
        "step": "advance",
        "target": f"/initiatives/{initiative.id}/transitions",
        "trigger": "advance",
        "expected_phase": "starting_point",
    }
    asked = client.post("/confirm", data=fields)
    assert asked.status_code == 200
    assert "Flytta initiativet vidare?" in asked.text
    assert "från Utgångspunkt till Initiering" in asked.text  # it says what will happen
    assert f'action="/initiatives/{initiative.id}/transitions"' in asked.text
    assert f'href="/initiatives/{initiative.id}"' in asked.text  # cancel: back, nothing done
    forwarded = _forwarded(asked.text)
    assert forwarded["trigger"] == "advance" and forwarded["expected_phase"] == "starting_point"
    assert "step" not in forwarded and "target" not in forwarded

    def phase() -> Phase:
        found = initiative_queries.get_initiative(session, initiative.id)
        assert found is not None
        session.refresh(found)
        return found.phase

    assert phase() is Phase.STARTING_POINT  # asked only
    moved = client.post(
        f"/initiatives/{initiative.id}/transitions", data=forwarded, follow_redirects=False
    )
    assert moved.status_code == 303
    assert phase() is Phase.INITIATION


def test_each_step_says_what_follows(
    client: TestClient, session: Session, people: People, initiative: Initiative, tmp_path: Path
) -> None:
    csrf = login(client, people.support)
    base = {"csrf_token": csrf, "expected_phase": "initiation"}
    cases = {
        "step_back": (
            f"/initiatives/{initiative.id}/transitions",
            "från Initiering till Utgångspunkt",
        ),
        "close": (f"/initiatives/{initiative.id}/transitions", "skrivskyddade"),
        "withdraw_evidence": (
            f"/initiatives/{initiative.id}/evidence/7/withdraw",
            "räknas inte längre som underlag",
        ),
        "remove_funder": (
            f"/initiatives/{initiative.id}/access/funders/3/remove",
            "ser inte längre initiativet",
        ),
        "remove_member": (f"/initiatives/{initiative.id}/members/3/remove", "lämnar"),
    }
    for step, (target, says) in cases.items():
        asked = client.post("/confirm", data={**base, "step": step, "target": target})
        assert asked.status_code == 200, step
        assert says in asked.text, step
    decide = {"csrf_token": csrf, "step": "decide", "target": "/gate-reviews/5/decision"}
    for outcome, says in (
        ("go", "Ja: initiativet går vidare från Utgångspunkt till Initiering"),
        ("conditional_go", "villkoren spärrar nästa grind"),
        ("hold", "stannar i Utgångspunkt"),
        ("recycle", "Gör om:"),
    ):
        asked = client.post(
            "/confirm", data={**decide, "outcome": outcome, "review_phase": "starting_point"}
        )
        assert says in asked.text, outcome
        assert 'href="/gate-reviews/5"' in asked.text
    # Only the steps' own addresses: the page never posts a form on to anywhere else.
    for step, target in (
        ("advance", "https://evil.example/transitions"),
        ("advance", f"/initiatives/{initiative.id}/members/3/remove"),
        ("launch", f"/initiatives/{initiative.id}/transitions"),
    ):
        assert (
            client.post("/confirm", data={**base, "step": step, "target": target}).status_code
            == 404
        )
    assert client.post("/confirm", data={"step": "advance"}).status_code == 403  # no CSRF token


def test_withdrawing_evidence_goes_through_the_confirm_page(
    client: TestClient, session: Session, people: People, initiative: Initiative, tmp_path: Path
) -> None:
    piece = evidence_services.add_evidence(
        session, actor=people.leader, initiative_id=initiative.id, key=START[0].key,
        new=evidence_services.NewEvidence(kind="link", url="https://example.se/fel"),
        store=BlobStore(tmp_path), max_bytes=1000,
    )  # fmt: skip
    csrf = login(client, people.leader)
    opened = client.get(f"/initiatives/{initiative.id}?open={START[0].key}").text
    target = f"/initiatives/{initiative.id}/evidence/{piece.id}/withdraw"
    assert f'<input type="hidden" name="target" value="{target}">' in opened
    asked = client.post(
        "/confirm",
        data={"csrf_token": csrf, "step": "withdraw_evidence", "target": target, "reason": "Fel"},
    )
    assert asked.status_code == 200
    assert _forwarded(asked.text) == {"csrf_token": csrf, "reason": "Fel"}
    done = client.post(target, data={"csrf_token": csrf, "reason": "Fel"}, follow_redirects=False)
    assert done.status_code == 303 and f"open={START[0].key}" in done.headers["location"]
    session.refresh(piece)
    assert piece.withdrawal_reason == "Fel"


def test_removing_a_funder_asks_first(
    client: TestClient, people: People, initiative: Initiative
) -> None:
    csrf = login(client, people.support)
    access = client.get(f"/initiatives/{initiative.id}/access").text
    target = f"/initiatives/{initiative.id}/access/funders/{people.funder.id}/remove"
    assert f'<input type="hidden" name="target" value="{target}">' in access
    assert re.search(r'<form method="post" action="/confirm" data-confirm>', access)
    asked = client.post(
        "/confirm", data={"csrf_token": csrf, "step": "remove_funder", "target": target}
    )
    assert "Ta bort finansiären?" in asked.text
    assert f'href="/initiatives/{initiative.id}/access"' in asked.text
    login(client, people.funder)
    assert client.get(f"/initiatives/{initiative.id}").status_code == 200  # not yet removed
