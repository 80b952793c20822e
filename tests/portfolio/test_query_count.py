"""The dashboard and its JSON cost the same number of SQL statements at 10 and 1,000 initiatives."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection
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
