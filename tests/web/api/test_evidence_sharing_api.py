"""The evidence API: attach a piece to a further item (201), list what it serves, detach it
(204); refusals with their codes, headings included, on both databases."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlalchemy.orm import Session

from app.initiatives import services as initiatives
from app.models.initiatives import Initiative
from app.phases import Phase, get_model
from tests.conftest import People, bearer

FIRST = "starting_point.results.critical_mass"
SECOND = "starting_point.results.development_potential"


def _note(client: TestClient, headers: dict[str, str], initiative: Initiative, key: str) -> int:
    made = client.post(
        f"/api/initiatives/{initiative.id}/items/{key}/evidence",
        json={"kind": "note", "note": "Handlingsplan 2027"},
        headers=headers,
    )
    assert made.status_code == 201, made.text
    return int(made.json()["id"])


def test_attach_list_and_detach(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    leader = bearer(session, people.leader)
    piece = _note(client, leader, initiative, FIRST)
    url = f"/api/initiatives/{initiative.id}/evidence/{piece}/items"
    attached = client.post(url, json={"item_key": SECOND}, headers=leader)
    assert attached.status_code == 201, attached.text
    assert attached.json() == {"evidence_id": piece, "item": FIRST, "items": [FIRST, SECOND]}
    # It is listed with the second item's evidence, and counts there: the item can be ticked.
    listed = client.get(f"/api/initiatives/{initiative.id}/items/{SECOND}/evidence", headers=leader)
    assert [e["id"] for e in listed.json()["items"]] == [piece]
    assert listed.json()["items"][0]["item"] == FIRST
    ticked = client.put(
        f"/api/initiatives/{initiative.id}/items/{SECOND}", json={"status": "done"}, headers=leader
    )
    assert ticked.status_code == 200, ticked.text
    funder = bearer(session, people.funder)
    assert client.get(url, headers=funder).json()["items"] == [FIRST, SECOND]
    assert client.get(url, headers=bearer(session, people.outsider)).status_code == 404
    again = client.post(url, json={"item_key": SECOND}, headers=leader)
    assert again.status_code == 409 and again.json()["code"] == "evidence_already_attached"
    assert client.delete(f"{url}/{SECOND}", headers=funder).status_code == 403
    assert client.delete(f"{url}/{SECOND}", headers=leader).status_code == 204
    gone = client.delete(f"{url}/{SECOND}", headers=leader)
    assert gone.status_code == 404 and gone.json()["code"] == "not_attached"
    own = client.delete(f"{url}/{FIRST}", headers=leader)
    assert own.status_code == 409 and own.json()["code"] == "evidence_own_item"
    assert client.get(url, headers=leader).json()["items"] == [FIRST]


def test_refusals_carry_a_code_and_a_field(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    leader, support = bearer(session, people.leader), bearer(session, people.support)
    piece = _note(client, leader, initiative, FIRST)
    url = f"/api/initiatives/{initiative.id}/evidence/{piece}/items"
    for body, code, field in (
        ({"item_key": "starting_point.results.nothing"}, "unknown_item", "item_key"),
        ({"item_key": ""}, "unknown_item", "item_key"),
        ({"item": SECOND}, None, None),  # an unknown field
        ({}, None, "item_key"),
    ):
        refused = client.post(url, json=body, headers=leader)
        assert refused.status_code == 422, (body, refused.text)
        problem = refused.json()
        assert problem["code"] and problem["detail"]
        assert code is None or problem["code"] == code
        assert field is None or problem["field"] == field
    other = initiatives.create_initiative(session, actor=people.support, name="Annan", region="R")
    elsewhere = client.post(
        f"/api/initiatives/{other.id}/evidence/{piece}/items",
        json={"item_key": SECOND},
        headers=support,
    )
    assert elsewhere.status_code == 422
    assert (elsewhere.json()["code"], elsewhere.json()["field"]) == (
        "evidence_of_other_initiative",
        "evidence_id",
    )
    later = client.post(
        url, json={"item_key": "initiation.results.plan_with_milestones"}, headers=leader
    )
    assert later.status_code == 409 and later.json()["code"] == "not_current_phase"
    missing = client.post(
        f"/api/initiatives/{initiative.id}/evidence/{piece + 999}/items",
        json={"item_key": SECOND},
        headers=leader,
    )
    assert missing.status_code == 404 and missing.json()["code"] == "unknown_evidence"


def test_a_heading_is_refused_with_422_and_a_code(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    v2 = get_model("klusterutveckling/2")
    heading = next(h for h in v2.headings if h.phase is Phase.INITIATION)
    item = next(
        i
        for i in v2.tickable_items
        if i.phase is Phase.INITIATION and i.category is heading.category
    )
    session.execute(
        update(Initiative)
        .where(Initiative.id == initiative.id)
        .values(model_version=v2.version, phase=Phase.INITIATION)
    )
    session.commit()
    leader = bearer(session, people.leader)
    added = client.post(
        f"/api/initiatives/{initiative.id}/items/{heading.key}/evidence",
        json={"kind": "note", "note": "x"},
        headers=leader,
    )
    assert added.status_code == 422
    assert (added.json()["code"], added.json()["field"]) == ("heading_takes_no_evidence", "key")
    piece = _note(client, leader, initiative, item.key)
    attached = client.post(
        f"/api/initiatives/{initiative.id}/evidence/{piece}/items",
        json={"item_key": heading.key},
        headers=leader,
    )
    assert attached.status_code == 422
    assert attached.json()["code"] == "heading_takes_no_evidence"
    assert attached.json()["field"] == "item_key"


def test_the_routes_are_documented_with_their_refusals(client: TestClient) -> None:
    paths = client.get("/api/openapi.json").json()["paths"]
    shared = paths["/api/initiatives/{initiative_id}/evidence/{evidence_id}/items"]
    assert {"201", "409", "422", "404", "403"} <= set(shared["post"]["responses"])
    detach = paths["/api/initiatives/{initiative_id}/evidence/{evidence_id}/items/{item_key}"]
    assert {"204", "404", "409"} <= set(detach["delete"]["responses"])
