"""A request id on every response and one JSON log line per request (app/web/observability.py)."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.logs import REQUEST_LOGGER, JsonFormatter
from app.models.initiatives import Initiative
from tests.conftest import People, bearer, login


@pytest.fixture
def log_lines() -> Iterator[io.StringIO]:
    """The request logger's output, formatted as `klusterfas serve` formats it."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger(REQUEST_LOGGER)
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield stream
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


def _lines(stream: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_each_request_is_one_json_line_with_its_route_template_and_user(
    client: TestClient,
    session: Session,
    people: People,
    initiative: Initiative,
    log_lines: io.StringIO,
) -> None:
    headers = bearer(session, people.admin)
    response = client.get(f"/api/initiatives/{initiative.id}", headers=headers)
    assert response.status_code == 200
    [line] = _lines(log_lines)
    assert line["request_id"] == response.headers["X-Request-ID"]
    assert len(str(line["request_id"])) == 32
    assert line["method"] == "GET" and line["status"] == 200
    assert line["route"] == "/api/initiatives/{initiative_id}"  # never the raw path
    assert line["user_id"] == people.admin.id
    assert isinstance(line["duration_ms"], int | float) and line["duration_ms"] >= 0
    assert line["level"] == "info" and line["logger"] == REQUEST_LOGGER and line["time"]


def test_a_session_user_an_anonymous_miss_and_a_refusal_are_logged_too(
    client: TestClient, people: People, initiative: Initiative, log_lines: io.StringIO
) -> None:
    login(client, people.leader)
    log_lines.truncate(0)
    log_lines.seek(0)
    client.get(f"/initiatives/{initiative.id}")
    client.cookies.clear()
    client.get("/no/such/page/4711")
    client.get("/api/initiatives")
    first, missing, refused = _lines(log_lines)
    assert (first["route"], first["status"], first["user_id"]) == (
        "/initiatives/{initiative_id}",
        200,
        people.leader.id,
    )
    assert (missing["route"], missing["status"], missing["user_id"]) == ("<unmatched>", 404, None)
    assert (refused["route"], refused["status"]) == ("/api/initiatives", 401)


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("edge-7f3a9c01.req-42", True),
        ("0b5e2c8a-6a7d-4c4e-9d0b-3f5a2e1c9b77", True),
        ("has spaces", False),
        ("x" * 129, False),
        ("<script>", False),
        ("-leading-dash", False),
    ],
)
def test_a_sane_incoming_request_id_is_kept_anything_else_replaced(
    client: TestClient, sent: str, kept: bool, log_lines: io.StringIO
) -> None:
    response = client.get("/healthz", headers={"X-Request-ID": sent})
    got = response.headers["X-Request-ID"]
    assert (got == sent) is kept
    if not kept:
        assert len(got) == 32 and all(c in "0123456789abcdef" for c in got)
    assert _lines(log_lines)[-1]["request_id"] == got


def test_error_responses_carry_the_request_id(client: TestClient) -> None:
    response = client.get("/api/initiatives/999999", headers={"X-Request-ID": "trace-1"})
    assert response.status_code == 401
    assert response.headers["X-Request-ID"] == "trace-1"
