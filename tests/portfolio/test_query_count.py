"""The dashboard and its JSON cost the same number of SQL statements at 10 and 1,000 initiatives."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection, event
from sqlalchemy.orm import Session

from bench.generate_portfolio import generate
from tests.conftest import People, bearer, login, recorded_statements

QUERIES = ["", "sort=readiness&order=desc", "stalled=true&phase=pilot", "readiness_min=10&q=nod"]


def costs(client: TestClient, connection: Connection, headers: dict[str, str]) -> list[int]:
    found = []
    for query in QUERIES:
        for path in ("/api/portfolio", "/portfolio"):
            with recorded_statements(connection) as statements:
                response = client.get(f"{path}?{query}", headers=headers)
            assert response.status_code == 200, response.text
            found.append(len(statements))
    return found


@pytest.mark.parametrize("more", [990])
def test_constant_queries_at_10_and_1000_initiatives(
    client: TestClient, connection: Connection, session: Session, people: People, more: int
) -> None:
    generate(connection, 10, seed=1)
    headers = bearer(session, people.support)
    login(client, people.support)
    at_10 = costs(client, connection, headers)
    generate(connection, more, seed=2)
    total = client.get("/api/portfolio", headers=headers).json()["total"]
    assert total == 10 + more
    at_1000 = costs(client, connection, headers)
    assert at_10 == at_1000
    # user, settings, count, rows, filter options, the navigation's badges: never per row
    assert max(at_1000) <= 10


def test_a_ranked_page_is_a_top_n_with_its_count_apart(
    client: TestClient, connection: Connection, session: Session, people: People
) -> None:
    """Ranked by readiness, the page sorts only its top rows (no count(*) OVER (), which
    made the database keep every row); the total is counted beside it, filters and all."""
    generate(connection, 60, seed=3)
    headers = bearer(session, people.support)

    def page(query: str) -> dict[str, Any]:
        response = client.get(f"/api/portfolio?{query}", headers=headers)
        assert response.status_code == 200, response.text
        found: dict[str, Any] = response.json()
        return found

    everything = page("sort=readiness&order=desc&per_page=200")["items"]
    scored = [i["readiness"] for i in everything if i["readiness"] is not None]
    assert scored == sorted(scored, reverse=True) and everything[len(scored) :] == [
        i for i in everything if i["readiness"] is None
    ]
    with recorded_statements(connection) as statements:
        top = page("sort=readiness&order=desc&per_page=10")
    assert not any("OVER (" in s.upper() for s in statements)
    assert top["total"] == len(everything) and top["items"] == everything[:10]
    second = page("sort=readiness&order=desc&per_page=10&page=2")
    assert second["total"] == len(everything) and second["items"] == everything[10:20]
    ready = page("sort=readiness&order=asc&readiness_min=40&per_page=5")
    assert ready["total"] == sum(1 for r in scored if r >= 40)
    assert all(i["readiness"] >= 40 for i in ready["items"])


def test_a_full_page_binds_few_enough_values_for_psycopg_to_keep_it_parsed(
    client: TestClient, connection: Connection, session: Session, people: People
) -> None:
    """psycopg keeps a statement's parsed form only up to 50 parameters and 4,096 bytes:
    a page of 50 ids, one parameter each (three times over), was parsed again on every
    view. On PostgreSQL the ids are one array; SQLite's driver keeps nothing either way."""
    generate(connection, 60, seed=4)
    headers = bearer(session, people.support)
    login(client, people.support)
    sent: list[tuple[str, int]] = []

    def record(*args: Any) -> None:
        statement, parameters = args[2], args[3]
        sent.append((statement, len(parameters or ())))

    event.listen(connection, "before_cursor_execute", record)
    try:
        for path in ("/portfolio", "/api/portfolio", "/portfolio?sort=readiness&order=desc"):
            assert client.get(path, headers=headers if "api" in path else None).status_code == 200
    finally:
        event.remove(connection, "before_cursor_execute", record)
    if connection.dialect.name != "postgresql":  # no arrays: one parameter an id there
        assert not any("unnest" in s for s, _ in sent)
        return
    assert any("unnest" in s for s, _ in sent)  # the page's ids, as one array
    too_big = [(len(s.encode()), n) for s, n in sent if n > 50 or len(s.encode()) > 4096]
    assert too_big == []
