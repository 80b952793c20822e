"""GET /api/initiatives a page at a time: the same initiatives in the same order as the
whole list, a Link header to walk them, and bad paging refused."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.initiatives import services as initiatives
from app.models.access import Membership
from tests.conftest import People, bearer, readiness_agrees

NAMES = ("Akvanoden", "Biogasklustret", "Cirkulära Kust", "Drönarnoden", "Energiparken")


@pytest.fixture
def listed(session: Session, people: People) -> Iterator[list[int]]:
    ids = [
        initiatives.create_initiative(
            session, actor=people.support, name=name, region="Västra Götaland"
        ).id
        for name in NAMES
    ]
    session.add(Membership(initiative_id=ids[0], user_id=people.leader.id))
    session.commit()
    yield ids
    readiness_agrees(session)


def _next(link: str) -> str | None:
    found = re.search(r'<([^>]+)>; rel="next"', link)
    return found.group(1) if found else None


def test_pages_walk_the_whole_list_in_its_order(
    client: TestClient, session: Session, people: People, listed: list[int]
) -> None:
    headers = bearer(session, people.support)
    whole = client.get("/api/initiatives", headers=headers).json()
    assert whole["total"] == len(NAMES) and "page" not in whole  # no paging asked: all

    url: str | None = "/api/initiatives?per_page=2"
    seen, pages = [], []
    while url is not None:
        response = client.get(url, headers=headers)
        assert response.status_code == 200, response.text
        body = response.json()
        assert (body["total"], body["per_page"], body["pages"]) == (5, 2, 3)
        pages.append(body["page"])
        seen += [row["id"] for row in body["items"]]
        url = _next(response.headers.get("Link", ""))
    assert pages == [1, 2, 3]
    assert seen == [row["id"] for row in whole["items"]] == listed  # by name
    assert all("required_open" in row for row in whole["items"])


def test_a_page_past_the_last_is_empty_and_links_back_to_the_last(
    client: TestClient, session: Session, people: People, listed: list[int]
) -> None:
    response = client.get(
        "/api/initiatives?page=9&per_page=2", headers=bearer(session, people.support)
    )
    assert response.status_code == 200
    assert response.json()["items"] == [] and response.json()["pages"] == 3
    assert _next(response.headers["Link"]) is None
    assert 'page=3>; rel="prev"' in response.headers["Link"]


def test_a_page_holds_only_what_the_user_may_see(
    client: TestClient, session: Session, people: People, listed: list[int]
) -> None:
    response = client.get("/api/initiatives?page=1", headers=bearer(session, people.leader))
    body = response.json()
    assert [row["id"] for row in body["items"]] == [listed[0]]
    assert (body["total"], body["per_page"], body["pages"]) == (1, 100, 1)
    assert "Link" not in response.headers


@pytest.mark.parametrize(
    "query",
    ["page=0", "per_page=0", "per_page=1001", "page=abc", f"page={10**30}", "page=-1",
     "per_page=%00"],
)  # fmt: skip
def test_bad_paging_is_refused(
    client: TestClient, session: Session, people: People, query: str
) -> None:
    response = client.get(f"/api/initiatives?{query}", headers=bearer(session, people.support))
    assert response.status_code == 422, response.text
