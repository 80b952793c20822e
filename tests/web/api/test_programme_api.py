"""The internationalisation programme's API: exact shapes, validation by field, roles."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.models.initiatives import Initiative
from tests.conftest import People, bearer

BASE = "/api/initiatives/{}/internationalisation-programme"
MEASURE = {
    "direction": "organisational",
    "title": "Rekrytera en internationell samordnare",
    "owner": "Maja Processledare",
    "due_on": "2027-03-31",
    "indicators": [{"name": "Samordnare på plats", "baseline": 0, "target": 1, "unit": "st"}],
}


def test_a_measure_its_indicator_and_a_review_through_the_api(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    leader = bearer(session, people.leader)
    url = BASE.format(initiative.id)
    created = client.post(f"{url}/measures", json=MEASURE, headers=leader)
    assert created.status_code == 201, created.text
    measure = created.json()
    assert set(measure) == {
        "id", "direction", "title", "owner", "due_on", "indicators", "created_at",
    }  # fmt: skip
    [indicator] = measure["indicators"]
    assert {k: indicator[k] for k in ("name", "unit", "baseline", "target", "actual")} == {
        "name": "Samordnare på plats",
        "unit": "st",
        "baseline": 0.0,
        "target": 1.0,
        "actual": None,
    }
    assert indicator["progress"] is None
    patched = client.patch(
        f"/api/programme-indicators/{indicator['id']}", json={"actual": 1}, headers=leader
    )
    assert patched.status_code == 200 and patched.json()["progress"] == 1.0
    review = {"reviewed_on": "2026-11-25", "body": "Klusterrådet", "changes": "Klart."}
    assert client.post(f"{url}/reviews", json=review, headers=leader).status_code == 201
    assert client.post(f"{url}/reviews", json=review, headers=leader).status_code == 409

    got = client.get(url, headers=bearer(session, people.funder)).json()
    assert [d["key"] for d in got["directions"]] == [
        "science_education",
        "production_markets",
        "sociocultural",
        "organisational",
    ]
    assert got["directions"][3]["name"]["sv"] == "Klustrets organisatoriska utveckling"
    assert [m["title"] for m in got["directions"][3]["measures"]] == [MEASURE["title"]]
    assert got["reviews"][0]["body"] == "Klusterrådet"
    assert got["next_review_due"] == "2027-11-25"


def test_problems_are_named_by_field_and_roles_are_kept(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    url = BASE.format(initiative.id)
    bad = MEASURE | {"direction": "space", "indicators": [{"name": "X", "target": "ten"}]}
    refused = client.post(f"{url}/measures", json=bad, headers=bearer(session, people.support))
    assert refused.status_code == 422
    body = refused.json()
    assert body["code"] == "invalid_programme" and body["field"] == "direction"
    assert set(body["errors"]) == {"direction", "indicators.0.target"}
    funder = bearer(session, people.funder)
    assert client.post(f"{url}/measures", json=MEASURE, headers=funder).status_code == 403
    outsider = bearer(session, people.outsider)
    assert client.get(url, headers=outsider).status_code == 404
    assert (
        client.patch(
            "/api/programme-indicators/999", json={"actual": 1}, headers=funder
        ).status_code
        == 404
    )
