"""/metrics: Prometheus figures per route template and of the pool, behind a token."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy.orm import Session

from app.models.initiatives import Initiative
from app.web.application import create_app
from app.web.metrics import METRICS_TOKEN_VARIABLE
from tests.conftest import People, bearer

TOKEN = "metrics-token-0123456789"


def _samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def test_without_a_configured_token_there_is_no_endpoint(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(METRICS_TOKEN_VARIABLE, raising=False)
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 404


def test_a_missing_or_wrong_token_is_401(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(METRICS_TOKEN_VARIABLE, TOKEN)
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN}):
        response = client.get("/metrics", headers=headers)
        assert response.status_code == 401
        assert response.headers["WWW-Authenticate"] == "Bearer"
        assert "klusterfas_http" not in response.text


@pytest.fixture
def fresh_client(app: FastAPI) -> Iterator[TestClient]:
    """A new app of the test's own: the shared one counts every earlier test's requests."""
    own = create_app(app.state.settings, sessions=app.state.sessionmaker)
    with TestClient(own) as client:
        yield client


def test_requests_and_latencies_per_route_template_and_the_pool(
    fresh_client: TestClient,
    session: Session,
    people: People,
    initiative: Initiative,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    client = fresh_client
    monkeypatch.setenv(METRICS_TOKEN_VARIABLE, TOKEN)
    headers = bearer(session, people.support)
    for _ in range(3):
        assert client.get(f"/api/initiatives/{initiative.id}", headers=headers).status_code == 200
    assert client.get("/api/initiatives/2147483000", headers=headers).status_code == 404
    client.get("/wp-login.php")
    response = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    samples = _samples(response.text)
    route = (("method", "GET"), ("route", "/api/initiatives/{initiative_id}"))

    def requests(status: str) -> float:
        key = tuple(sorted((*route, ("status", status))))
        return samples.get(("klusterfas_http_requests_total", key), 0)

    assert requests("200") == 3 and requests("404") == 1
    assert samples[("klusterfas_http_request_duration_seconds_count", route)] == 4
    assert samples[("klusterfas_http_request_duration_seconds_sum", route)] > 0
    unmatched = (("method", "GET"), ("route", "<unmatched>"), ("status", "404"))
    assert samples[("klusterfas_http_requests_total", unmatched)] == 1
    assert not any("wp-login" in str(key) for key in samples)  # raw paths never become labels
    pool = {dict(k[1])["state"]: v for k, v in samples.items() if k[0].startswith("klusterfas_db")}
    assert set(pool) == {"size", "checked_in", "checked_out", "overflow"}
    assert pool["size"] >= 1
