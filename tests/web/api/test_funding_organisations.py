"""The funding organisations API: exact shapes, every status, audited."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.audit import AuditEntry
from tests.conftest import People, bearer

PATH = "/api/funding-organisations"


def test_an_admin_adds_one_and_everyone_signed_in_lists_them(
    client: TestClient, session: Session, people: People
) -> None:
    admin = bearer(session, people.admin)
    response = client.post(PATH, json={"name": "  Tillväxtverket "}, headers=admin)
    assert response.status_code == 201, response.text
    added = response.json()
    assert added == {"id": added["id"], "name": "Tillväxtverket"}
    assert client.post(PATH, json={"name": "Vinnova"}, headers=admin).status_code == 201
    for who in (people.support, people.leader, people.funder):
        listed = client.get(PATH, headers=bearer(session, who))
        assert listed.status_code == 200
        assert [o["name"] for o in listed.json()["items"]] == ["Tillväxtverket", "Vinnova"]
    assert set(listed.json()) == {"items"}
    entry = session.scalar(  # the first of the two, in the chain's order
        select(AuditEntry)
        .where(AuditEntry.action == "funding_organisation.add")
        .order_by(AuditEntry.seq)
        .limit(1)
    )
    assert entry is not None and entry.after == {"name": "Tillväxtverket"}


def test_a_name_already_there_is_409(client: TestClient, session: Session, people: People) -> None:
    admin = bearer(session, people.admin)
    assert client.post(PATH, json={"name": "Region Skåne"}, headers=admin).status_code == 201
    again = client.post(PATH, json={"name": "REGION SKÅNE"}, headers=admin)
    assert again.status_code == 409
    assert again.json()["code"] == "funding_organisation_exists"
    assert len(client.get(PATH, headers=admin).json()["items"]) == 1


@pytest.mark.parametrize("who", ["support", "leader", "funder"])
def test_only_admins_add(client: TestClient, session: Session, people: People, who: str) -> None:
    response = client.post(
        PATH, json={"name": "Vinnova"}, headers=bearer(session, getattr(people, who))
    )
    assert response.status_code == 403
    assert response.json()["code"] == "may_not_add_funding_organisation"
    assert client.get(PATH, headers=bearer(session, people.admin)).json() == {"items": []}


@pytest.mark.parametrize(
    ("body", "field", "code"),
    [
        ({"name": ""}, "name", "required"),
        ({"name": "   "}, "name", "required"),
        ({}, "name", "required"),
        ({"name": "Vinn\u0000ova"}, "name", "invalid_characters"),
        ({"name": "x" * 201}, "name", "too_long"),
        ({"name": "Vinnova", "country": "SE"}, "country", "unknown_field"),
    ],
)
def test_a_bad_name_is_422_naming_the_field(
    client: TestClient, session: Session, people: People, body: dict[str, str], field: str,
    code: str,
) -> None:  # fmt: skip
    response = client.post(PATH, json=body, headers=bearer(session, people.admin))
    assert response.status_code == 422
    assert set(response.json()) == {"detail", "code", "field"}
    assert (response.json()["field"], response.json()["code"]) == (field, code)


def test_without_a_login_it_is_401(client: TestClient) -> None:
    assert client.get(PATH).status_code == 401
    assert client.post(PATH, json={"name": "Vinnova"}).status_code in (401, 403)
