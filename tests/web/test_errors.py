"""Every refusal carries a stable code: in the JSON API beside `detail`, and on the pages,
which say the code's message in the reader's language."""

from __future__ import annotations

from datetime import date, timedelta

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.models.initiatives import Initiative
from app.phases import Phase, get_model
from tests.conftest import People, bearer, login

START_KEYS = [i.key for i in get_model().required_items(Phase.STARTING_POINT)]


def _tick_all(client: TestClient, headers: dict[str, str], initiative: Initiative) -> None:
    for key in START_KEYS:
        response = client.put(
            f"/api/initiatives/{initiative.id}/items/{key}",
            json={"status": "done", "note": "Underlag"},
            headers=headers,
        )
        assert response.status_code == 200, response.text


def test_api_refusals_of_every_kind_carry_a_code(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    support, leader = bearer(session, people.support), bearer(session, people.leader)
    base = f"/api/initiatives/{initiative.id}"

    not_found = client.get("/api/initiatives/999999", headers=support)
    assert (not_found.status_code, not_found.json()["code"]) == (404, "not_found")
    assert not_found.json()["detail"]

    forbidden = client.post(f"{base}/transitions", json={"trigger": "advance"}, headers=leader)
    assert (forbidden.status_code, forbidden.json()["code"]) == (403, "may_not_transition")

    gate = client.post(f"{base}/transitions", json={"trigger": "advance"}, headers=support)
    assert (gate.status_code, gate.json()["code"]) == (409, "items_missing")
    assert set(gate.json()["missing"]) == set(START_KEYS)

    invalid = client.put(
        f"{base}/items/{START_KEYS[0]}",
        json={"status": "done", "link": "ftp://example.se"},
        headers=leader,
    )
    assert (invalid.status_code, invalid.json()["code"]) == (422, "invalid_url")
    assert invalid.json()["field"] == "link"

    evidence = client.post(
        f"{base}/items/{START_KEYS[0]}/evidence", json={"kind": "telegram"}, headers=leader
    )
    assert (evidence.status_code, evidence.json()["code"]) == (422, "unknown_kind")

    unreadable = client.post("/api/initiatives", json={"name": "X"}, headers=support)
    assert (unreadable.status_code, unreadable.json()["code"]) == (422, "invalid_input")
    assert unreadable.json()["detail"][0]["loc"] == ["body", "region"]

    anonymous = client.get("/api/initiatives")
    assert (anonymous.status_code, anonymous.json()["code"]) == (401, "not_authenticated")


def test_api_review_refusals_carry_their_own_codes(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    support, leader = bearer(session, people.support), bearer(session, people.leader)
    url = f"/api/initiatives/{initiative.id}/gate-reviews"
    _tick_all(client, leader, initiative)
    review = client.post(url, json={}, headers=leader).json()

    again = client.post(url, json={}, headers=leader)
    assert (again.status_code, again.json()["code"]) == (409, "review_already_requested")

    decision = f"/api/gate-reviews/{review['id']}/decision"
    bare = client.post(
        decision, json={"outcome": "conditional_go", "rationale": "Nästan"}, headers=support
    )
    assert (bare.status_code, bare.json()["code"]) == (422, "conditions_required")
    unknown = client.post(decision, json={"outcome": "maybe", "rationale": "?"}, headers=support)
    assert (unknown.status_code, unknown.json()["code"]) == (422, "unknown_outcome")

    go = client.post(decision, json={"outcome": "go", "rationale": "Klart"}, headers=support)
    assert go.status_code == 200, go.text
    twice = client.post(decision, json={"outcome": "go", "rationale": "Klart"}, headers=support)
    assert (twice.status_code, twice.json()["code"]) == (409, "review_not_open")


def test_a_refused_transition_is_explained_in_swedish_by_its_code(
    client: TestClient, people: People, initiative: Initiative
) -> None:
    csrf = login(client, people.support)
    refused = client.post(
        f"/initiatives/{initiative.id}/transitions",
        data={"trigger": "close", "reason": " ", "csrf_token": csrf},
    )
    assert refused.status_code == 409
    assert 'id="refusal"' in refused.text
    assert "Ange ett skäl." in refused.text  # "Write a reason."
    assert "A reason is required." not in refused.text


def test_a_refused_decision_is_explained_in_swedish_by_its_code(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    leader = bearer(session, people.leader)
    _tick_all(client, leader, initiative)
    url = f"/api/initiatives/{initiative.id}/gate-reviews"
    review = client.post(url, json={}, headers=leader).json()
    csrf = login(client, people.support)
    due = (date.today() + timedelta(days=14)).isoformat()
    refused = client.post(
        f"/gate-reviews/{review['id']}/decision",
        data={"outcome": "hold", "rationale": "Vänta", "condition_text_0": "Avtal",
              "condition_owner_0": "Lars", "condition_due_0": due, "csrf_token": csrf},
    )  # fmt: skip
    assert refused.status_code == 422
    assert "Bara ett villkorat ja har villkor." in refused.text
    assert "Only a Conditional Go carries conditions." not in refused.text


def test_the_error_page_says_a_specific_code_in_swedish(
    client: TestClient, people: People, initiative: Initiative
) -> None:
    csrf = login(client, people.leader)
    refused = client.post(
        f"/initiatives/{initiative.id}/transitions",
        data={"trigger": "advance", "csrf_token": csrf},
    )
    assert refused.status_code == 403
    assert "Bara stödfunktionen och administratörer flyttar initiativ mellan faser." in refused.text
