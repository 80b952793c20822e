"""A new initiative is placed in a region of the admins' list, through the API as through
the page's select: any other is a 422 naming the field (both databases)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app import errors
from app.regions import services as regions
from tests.conftest import People, bearer


def test_the_api_takes_only_a_listed_region(
    client: TestClient, session: Session, people: People
) -> None:
    regions.add_region(session, actor=people.admin, name="Skåne")
    headers = bearer(session, people.support)
    typed = client.post(
        "/api/initiatives", json={"name": "Drönarnoden", "region": "Skane"}, headers=headers
    )
    assert typed.status_code == 422
    problem = typed.json()
    assert (problem["code"], problem["field"]) == ("unknown_region", "region")
    assert problem["detail"]
    listed = client.post(
        "/api/initiatives", json={"name": "Drönarnoden", "region": " Skåne "}, headers=headers
    )
    assert listed.status_code == 201, listed.text
    assert listed.json()["region"] == "Skåne"


def test_a_role_that_may_not_create_hears_that_first(
    client: TestClient, session: Session, people: People
) -> None:
    regions.add_region(session, actor=people.admin, name="Skåne")
    refused = client.post(
        "/api/initiatives",
        json={"name": "Drönarnoden", "region": "Elsewhere"},
        headers=bearer(session, people.leader),
    )
    assert (refused.status_code, refused.json()["code"]) == (403, "may_not_create")


def test_before_admins_keep_a_list_the_region_is_taken_as_given(
    session: Session, people: People
) -> None:
    regions.check_listed(session, "Norrbotten")  # no list yet: the page asks in a text field
    regions.add_region(session, actor=people.admin, name="Skåne")
    with pytest.raises(errors.InvalidInput) as refused:
        regions.check_listed(session, "Norrbotten")
    assert (refused.value.code, refused.value.field) == ("unknown_region", "region")
