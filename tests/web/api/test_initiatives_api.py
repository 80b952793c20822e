"""The JSON API contract, through HTTP with bearer tokens."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models.initiatives import Initiative, Transition
from app.phases import Phase, get_model
from tests.conftest import People, bearer

MODEL = get_model()
START_KEYS = [i.key for i in MODEL.required_items(Phase.STARTING_POINT)]


def test_requests_without_a_valid_token_get_401(client: TestClient) -> None:
    assert client.get("/api/initiatives").status_code == 401
    response = client.get("/api/initiatives", headers={"Authorization": "Bearer kf_wrong"})
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"


def test_create_then_read_an_initiative(
    client: TestClient, session: Session, people: People
) -> None:
    headers = bearer(session, people.support)
    created = client.post(
        "/api/initiatives", json={"name": "Drönarnoden", "region": "Östergötland"}, headers=headers
    )
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["phase"] == "starting_point"
    assert body["model_version"] == "klusterutveckling/2"  # the newest published

    got = client.get(f"/api/initiatives/{body['id']}", headers=headers).json()
    assert {"id", "name", "region", "phase", "model_version", "items", "gate"} <= set(got)
    assert got["name"] == "Drönarnoden" and got["region"] == "Östergötland"
    assert len(got["items"]) == len(MODEL.items)
    item = got["items"][0]
    assert {
        "key",
        "phase",
        "category",
        "status",
        "note",
        "link",
        "updated_by",
        "updated_at",
    } <= set(item)
    assert got["gate"] == {
        "trigger": "advance",
        "allowed": False,
        "missing": START_KEYS,
        "missing_standing": dict.fromkeys(START_KEYS, "open"),
        "open_conditions": [],
        "detail": got["gate"]["detail"],
    }


def test_create_validates_input(client: TestClient, session: Session, people: People) -> None:
    headers = bearer(session, people.support)
    for body in (
        {"name": "", "region": "X"},
        {"region": "X"},
        {"name": "  ", "region": "X"},
        {"name": "A", "region": "B", "extra": 1},
    ):
        response = client.post("/api/initiatives", json=body, headers=headers)
        assert response.status_code == 422, body
        assert response.json()["detail"]
    assert session.scalar(select(func.count()).select_from(Initiative)) == 0


def test_funders_and_leadership_cannot_create(
    client: TestClient, session: Session, people: People
) -> None:
    for user in (people.funder, people.leader):
        response = client.post(
            "/api/initiatives", json={"name": "N", "region": "R"}, headers=bearer(session, user)
        )
        assert response.status_code == 403


def test_put_item_saves_and_reports_the_gate(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    headers = bearer(session, people.leader)
    key = START_KEYS[0]
    response = client.put(
        f"/api/initiatives/{initiative.id}/items/{key}",
        json={"status": "done", "note": "40 företag"},
        headers=headers,
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "done" and body["note"] == "40 företag"
    assert body["updated_by"] == people.leader.email
    assert body["updated_at"].endswith("+00:00")  # UTC, with its offset, on every database
    assert key not in body["gate"]["missing"]

    got = client.get(f"/api/initiatives/{initiative.id}", headers=headers).json()
    saved = next(i for i in got["items"] if i["key"] == key)
    assert saved["status"] == "done" and saved["updated_by"] == people.leader.email


def test_put_item_errors_say_what_is_wrong(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    headers = bearer(session, people.leader)
    url = f"/api/initiatives/{initiative.id}/items/{START_KEYS[0]}"
    cases = [
        ({"status": "done"}, 422, "evidence"),
        ({"status": "not_applicable"}, 422, "justification"),
        ({"status": "done", "link": "javascript:alert(1)"}, 422, "link"),
        ({"status": "done", "link": "ftp://example.se/x"}, 422, "link"),
        ({"status": "finished"}, 422, None),
    ]
    for body, code, field in cases:
        response = client.put(url, json=body, headers=headers)
        assert response.status_code == code, (body, response.text)
        if field:
            assert response.json()["field"] == field
        assert response.json()["detail"]
    unknown = client.put(
        f"/api/initiatives/{initiative.id}/items/pilot.results.nope",
        json={"status": "open"},
        headers=headers,
    )
    assert unknown.status_code == 404
    later = client.put(
        f"/api/initiatives/{initiative.id}/items/{MODEL.required_items(Phase.PILOT)[0].key}",
        json={"status": "done", "note": "x"},
        headers=headers,
    )
    assert later.status_code == 409
    got = client.get(f"/api/initiatives/{initiative.id}", headers=headers).json()
    assert all(i["status"] == "open" for i in got["items"] if not i["heading"])


def test_links_accept_https(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    response = client.put(
        f"/api/initiatives/{initiative.id}/items/{START_KEYS[0]}",
        json={"status": "done", "link": "https://example.se/förstudie.pdf"},
        headers=bearer(session, people.leader),
    )
    assert response.status_code == 200
    assert response.json()["link"] == "https://example.se/förstudie.pdf"


def test_transition_refused_with_missing_then_allowed(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    support, leader = bearer(session, people.support), bearer(session, people.leader)
    url = f"/api/initiatives/{initiative.id}/transitions"
    refused = client.post(url, json={"trigger": "advance"}, headers=support)
    assert refused.status_code == 409
    assert refused.json()["missing"] == START_KEYS
    assert refused.json()["detail"]

    for key in START_KEYS:
        assert (
            client.put(
                f"/api/initiatives/{initiative.id}/items/{key}",
                json={"status": "done", "note": "ok"},
                headers=leader,
            ).status_code
            == 200
        )
    assert client.post(url, json={"trigger": "advance"}, headers=leader).status_code == 403
    moved = client.post(url, json={"trigger": "advance"}, headers=support)
    assert moved.status_code == 200, moved.text
    assert moved.json()["phase"] == "initiation"
    history = client.get(url, headers=support).json()["items"]
    assert [(t["from"], t["to"], t["actor"]) for t in history] == [
        ("starting_point", "initiation", people.support.email)
    ]
    assert history[0]["gate_snapshot"]["gate"]["allowed"] is True


def test_transitions_that_need_a_reason(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    support = bearer(session, people.support)
    url = f"/api/initiatives/{initiative.id}/transitions"
    missing_reason = client.post(url, json={"trigger": "close"}, headers=support)
    assert missing_reason.status_code == 409
    assert missing_reason.json() == {
        "detail": "A reason is required.",
        "code": "reason_required",
        "missing": [],
        "trigger": "close",
    }
    assert (
        client.post(url, json={"trigger": "step_back", "reason": "x"}, headers=support).status_code
        == 409
    )
    assert client.post(url, json={"trigger": "teleport"}, headers=support).status_code == 422
    closed = client.post(
        url, json={"trigger": "close", "reason": "Inte livsdugligt"}, headers=support
    )
    assert closed.json()["phase"] == "closed"
    reopened = client.post(url, json={"trigger": "reopen"}, headers=support)
    assert reopened.json()["phase"] == "starting_point"
    assert session.scalar(select(func.count()).select_from(Transition)) == 2


def test_leadership_sees_only_its_own_initiatives(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    outsider = bearer(session, people.outsider)
    assert client.get(f"/api/initiatives/{initiative.id}", headers=outsider).status_code == 404
    assert (
        client.put(
            f"/api/initiatives/{initiative.id}/items/{START_KEYS[0]}",
            json={"status": "done", "note": "x"},
            headers=outsider,
        ).status_code
        == 404
    )
    assert client.get("/api/initiatives", headers=outsider).json() == {"items": [], "total": 0}
    assert (
        client.get("/api/initiatives", headers=bearer(session, people.leader)).json()["total"] == 1
    )


def test_funders_read_but_never_write(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    funder = bearer(session, people.funder)
    assert client.get(f"/api/initiatives/{initiative.id}", headers=funder).status_code == 200
    assert (
        client.put(
            f"/api/initiatives/{initiative.id}/items/{START_KEYS[0]}",
            json={"status": "done", "note": "x"},
            headers=funder,
        ).status_code
        == 403
    )
    assert (
        client.post(
            f"/api/initiatives/{initiative.id}/transitions",
            json={"trigger": "close", "reason": "x"},
            headers=funder,
        ).status_code
        == 403
    )


def test_unknown_initiative_is_404(client: TestClient, session: Session, people: People) -> None:
    assert (
        client.get("/api/initiatives/999999", headers=bearer(session, people.admin)).status_code
        == 404
    )


def test_phase_model_is_published(client: TestClient) -> None:
    body = client.get("/api/phase-model").json()
    assert body["version"] == MODEL.version
    assert [p["key"] for p in body["phases"]] == [
        "starting_point",
        "initiation",
        "pilot",
        "establishment",
        "sustainability",
    ]
    item = body["phases"][2]["checklists"][2]["items"][0]
    assert {"key", "phase", "category", "text", "required", "evidence"} <= set(item)
    assert item["text"]["sv"] and item["text"]["en"]
    assert client.get("/api/phase-model?version=nope").status_code == 404


def test_openapi_documents_the_api_only(client: TestClient) -> None:
    paths = client.get("/api/openapi.json").json()["paths"]
    assert "/api/initiatives/{initiative_id}/transitions" in paths
    assert not any(not p.startswith("/api/") for p in paths)
