"""Gate reviews through HTTP: the JSON API with bearer tokens and the review page."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.evidence import services as evidence_services
from app.evidence.storage import BlobStore
from app.models.initiatives import Initiative
from app.phases import Phase, get_model
from tests.conftest import People, bearer, login, reads, recorded_statements
from tests.domain.test_evidence_rules import PDF

MODEL = get_model()
START_KEYS = [i.key for i in MODEL.required_items(Phase.STARTING_POINT)]
DUE = (date.today() + timedelta(days=14)).isoformat()


def tick_all(client: TestClient, headers: dict[str, str], initiative: Initiative) -> None:
    for key in START_KEYS:
        response = client.put(
            f"/api/initiatives/{initiative.id}/items/{key}",
            json={"status": "done", "note": "Underlag"},
            headers=headers,
        )
        assert response.status_code == 200, response.text


def test_the_review_api_from_request_to_conditional_go(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    leader, support = bearer(session, people.leader), bearer(session, people.support)
    url = f"/api/initiatives/{initiative.id}/gate-reviews"
    refused = client.post(url, json={}, headers=leader)
    assert refused.status_code == 409
    assert set(refused.json()["missing"]) == set(START_KEYS)

    tick_all(client, leader, initiative)
    created = client.post(url, json={"note": "Vi är redo"}, headers=leader)
    assert created.status_code == 201, created.text
    review = created.json()
    assert review["status"] == "requested" and review["request_note"] == "Vi är redo"
    assert client.post(url, json={}, headers=leader).status_code == 409  # one at a time

    decision = f"/api/gate-reviews/{review['id']}/decision"
    assert (
        client.post(decision, json={"outcome": "go", "rationale": "x"}, headers=leader).status_code
        == 403
    )
    bad = client.post(decision, json={"outcome": "maybe", "rationale": "x"}, headers=support)
    assert bad.status_code == 422 and bad.json()["field"] == "outcome"
    no_conditions = client.post(
        decision, json={"outcome": "conditional_go", "rationale": "Ja, men"}, headers=support
    )
    assert no_conditions.status_code == 422 and no_conditions.json()["field"] == "conditions"
    bad_condition = client.post(
        decision,
        json={
            "outcome": "conditional_go",
            "rationale": "Ja, men",
            "conditions": [{"text": "", "owner": "Lars", "due_on": DUE}],
        },
        headers=support,
    )
    assert bad_condition.status_code == 422
    assert bad_condition.json()["field"] == "conditions[0].text"

    decided = client.post(
        decision,
        json={
            "outcome": "conditional_go",
            "rationale": "Ja, med villkor",
            "conditions": [{"text": "Avsiktsförklaring", "owner": "Lars Ledare", "due_on": DUE}],
        },
        headers=support,
    )
    assert decided.status_code == 200, decided.text
    body = decided.json()
    assert body["outcome"] == "conditional_go" and body["initiative_phase"] == "initiation"
    assert body["gate"]["open_conditions"] and len(body["snapshot_sha256"]) == 64
    assert set(body["snapshot"]["items"]) >= set(START_KEYS)
    assert (
        client.post(
            decision, json={"outcome": "go", "rationale": "igen"}, headers=support
        ).status_code
        == 409
    )

    listed = client.get(url, headers=support).json()["items"]
    assert [r["id"] for r in listed] == [review["id"]]
    condition = listed[0]["conditions"][0]
    assert condition["open"] and condition["owner"] == "Lars Ledare"

    close = f"/api/conditions/{condition['id']}/close"
    assert client.post(close, json={"note": "klart"}, headers=leader).status_code == 403
    assert client.post(close, json={"note": ""}, headers=support).status_code == 422
    closed = client.post(close, json={"note": "Undertecknad"}, headers=support)
    assert closed.status_code == 200 and not closed.json()["open"]
    gate = client.get(f"/api/initiatives/{initiative.id}", headers=support).json()["gate"]
    assert gate["open_conditions"] == []


def test_hold_and_recycle_through_the_api(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    leader, support = bearer(session, people.leader), bearer(session, people.support)
    tick_all(client, leader, initiative)
    url = f"/api/initiatives/{initiative.id}/gate-reviews"
    rid = client.post(url, json={}, headers=leader).json()["id"]
    held = client.post(
        f"/api/gate-reviews/{rid}/decision",
        json={"outcome": "hold", "rationale": "Inte än"},
        headers=support,
    ).json()
    assert held["outcome"] == "hold" and held["initiative_phase"] == "starting_point"

    advanced = client.post(
        f"/api/initiatives/{initiative.id}/transitions",
        json={"trigger": "advance"},
        headers=support,
    )
    assert advanced.status_code == 200
    reviews = client.get(url, headers=support).json()["items"]
    assert [r["outcome"] for r in reviews] == ["go", "hold"]  # the direct advance is a Go

    for key in (i.key for i in MODEL.required_items(Phase.INITIATION)):
        client.put(
            f"/api/initiatives/{initiative.id}/items/{key}",
            json={"status": "done", "note": "ok"},
            headers=leader,
        )
    rid = client.post(url, json={}, headers=leader).json()["id"]
    recycled = client.post(
        f"/api/gate-reviews/{rid}/decision",
        json={"outcome": "recycle", "rationale": "Tillbaka"},
        headers=support,
    )
    assert recycled.json()["initiative_phase"] == "starting_point"
    items = client.get(f"/api/initiatives/{initiative.id}", headers=leader).json()["items"]
    standing = {i["key"]: i["standing"] for i in items}
    assert {standing[k] for k in START_KEYS} == {"needs_confirmation"}


def test_reviews_are_hidden_from_those_who_may_not_see_the_initiative(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    tick_all(client, bearer(session, people.leader), initiative)
    rid = client.post(
        f"/api/initiatives/{initiative.id}/gate-reviews",
        json={},
        headers=bearer(session, people.leader),
    ).json()["id"]
    outsider = bearer(session, people.outsider)
    assert client.get(f"/api/gate-reviews/{rid}", headers=outsider).status_code == 404
    assert (
        client.get(f"/api/initiatives/{initiative.id}/gate-reviews", headers=outsider).status_code
        == 404
    )
    funder = bearer(session, people.funder)
    assert client.get(f"/api/gate-reviews/{rid}", headers=funder).status_code == 200
    assert (
        client.post(
            f"/api/gate-reviews/{rid}/decision",
            json={"outcome": "go", "rationale": "x"},
            headers=funder,
        ).status_code
        == 403
    )


def test_the_review_page_decides_and_shows_the_snapshot_beside_today(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    tick_all(client, bearer(session, people.leader), initiative)
    csrf = login(client, people.leader)
    page = client.get(f"/initiatives/{initiative.id}")
    assert 'id="request-review"' in page.text
    response = client.post(
        f"/initiatives/{initiative.id}/gate-reviews",
        data={"csrf_token": csrf, "note": "Redo"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    review_url = response.headers["location"]
    assert 'id="decide-button"' not in client.get(review_url).text  # leaders do not decide

    client.post("/logout", data={"csrf_token": csrf})
    csrf = login(client, people.support)
    page = client.get(review_url)
    assert 'id="decide-button"' in page.text
    missing = client.post(
        f"{review_url}/decision", data={"csrf_token": csrf, "outcome": "go", "rationale": " "}
    )
    assert missing.status_code == 422 and "rationale" in missing.text
    kept = client.post(
        f"{review_url}/decision",
        data={
            "csrf_token": csrf,
            "outcome": "conditional_go",
            "rationale": "Ja, men",
            "condition_text_0": "Budget",
            "condition_owner_0": "Lars",
            "condition_due_0": "",
        },
    )
    assert kept.status_code == 422 and 'value="Budget"' in kept.text  # input kept
    done = client.post(
        f"{review_url}/decision",
        data={"csrf_token": csrf, "outcome": "go", "rationale": "Allt finns på plats"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    page = client.get(review_url)
    assert "Allt finns på plats" in page.text and 'id="snapshot-table"' in page.text
    assert "row-changed" not in page.text

    # Stepping back and editing: the page marks what changed since the decision.
    headers = bearer(session, people.support)
    client.post(
        f"/api/initiatives/{initiative.id}/transitions",
        json={"trigger": "step_back", "reason": "Ompröva"},
        headers=headers,
    )
    client.put(
        f"/api/initiatives/{initiative.id}/items/{START_KEYS[0]}",
        json={"status": "open"},
        headers=bearer(session, people.leader),
    )
    page = client.get(review_url)
    assert page.text.count("row-changed") == len(START_KEYS)


def test_review_pages_and_lists_use_a_constant_number_of_queries(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    leader, support = bearer(session, people.leader), bearer(session, people.support)
    engine = session.get_bind()

    def selects(path: str) -> int:
        with recorded_statements(engine) as statements:
            assert client.get(path, headers=support).status_code == 200
        return reads(statements)

    def hold_once() -> int:
        rid = client.post(
            f"/api/initiatives/{initiative.id}/gate-reviews", json={}, headers=leader
        ).json()["id"]
        client.post(
            f"/api/gate-reviews/{rid}/decision",
            json={"outcome": "hold", "rationale": "Inte än"},
            headers=support,
        )
        return int(rid)

    tick_all(client, leader, initiative)
    first = hold_once()
    paths = [
        f"/api/initiatives/{initiative.id}/gate-reviews",
        f"/api/initiatives/{initiative.id}",
        f"/gate-reviews/{first}",
    ]
    before = [selects(p) for p in paths]
    for _ in range(4):
        hold_once()
    assert [selects(p) for p in paths] == before


def test_before_deciding_the_page_shows_every_item_with_its_evidence(
    client: TestClient, session: Session, people: People, initiative: Initiative, tmp_path: Path
) -> None:
    leader = bearer(session, people.leader)
    store = BlobStore(tmp_path)
    piece = evidence_services.add_evidence(
        session, actor=people.leader, initiative_id=initiative.id, key=START_KEYS[0],
        new=evidence_services.NewEvidence(kind="file", file_name="protokoll.pdf", data=PDF),
        store=store, max_bytes=100_000,
    )  # fmt: skip
    tick_all(client, leader, initiative)
    review = client.post(
        f"/api/initiatives/{initiative.id}/gate-reviews", json={}, headers=leader
    ).json()
    url = f"/gate-reviews/{review['id']}"
    login(client, people.support)
    page = client.get(url).text
    assert 'id="review-items"' in page and "Inget har ändrats sedan begäran." in page
    rows = re.findall(r'<tr id="review-item-[^"]+" data-key="([^"]+)"', page)
    assert set(START_KEYS) <= set(rows)
    first = page.split(f'data-key="{START_KEYS[0]}"')[1].split("</tr>")[0]
    assert f'href="/evidence/{piece.id}/download"' in first and "protokoll.pdf" in first
    assert people.leader.name in first and "Klar" in first  # who ticked it, and its status
    # The group changes an item after asking: the page names it.
    client.put(
        f"/api/initiatives/{initiative.id}/items/{START_KEYS[1]}",
        json={"status": "done", "note": "Kompletterat"},
        headers=leader,
    )
    page = client.get(url).text
    assert 'id="changed-since"' in page and "1 punkt har ändrats sedan begäran" in page
    second = page.split(f'data-key="{START_KEYS[1]}"')[1].split("</tr>")[0]
    assert "efter begäran" in second  # ticked after the request
    assert "Kompletterat" in second
    # The decision form asks first: without JavaScript it posts to the confirm page.
    assert re.search(r'class="decision-form" action="/confirm" data-confirm', page)
    assert f'name="target" value="/gate-reviews/{review["id"]}/decision"' in page
    # Once decided, the list gives way to the frozen snapshot beside today.
    client.post(
        f"/api/gate-reviews/{review['id']}/decision",
        json={"outcome": "hold", "rationale": "Inte än"},
        headers=bearer(session, people.support),
    )
    decided = client.get(url).text
    assert 'id="review-items"' not in decided and 'id="snapshot-table"' in decided
