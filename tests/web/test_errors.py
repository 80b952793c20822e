"""Every refusal carries a stable code: in the JSON API beside `detail`, and on the pages,
which say the code's message in the reader's language."""

from __future__ import annotations

import asyncio
import secrets
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, delete, event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from app.accounts import services as accounts
from app.config import Settings
from app.db import Timeouts, make_engine, make_sessionmaker, unavailable
from app.domain.permissions import Role
from app.models.accounts import User
from app.models.initiatives import Initiative
from app.phases import Phase, get_model
from app.web.application import create_app
from tests.conftest import AUDIT_KEY, People, bearer, login, make_user

START_KEYS = [i.key for i in get_model().required_items(Phase.STARTING_POINT)]


def _tick_all(client: TestClient, headers: dict[str, str], initiative: Initiative) -> None:
    for key in START_KEYS:
        response = client.put(
            f"/api/initiatives/{initiative.id}/items/{key}",
            json={"status": "done", "note": "Underlag"},
            headers=headers,
        )
        assert response.status_code == 200, response.text


def test_api_refusals_of_every_kind_carry_a_code(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    support, leader = bearer(session, people.support), bearer(session, people.leader)
    base = f"/api/initiatives/{initiative.id}"

    not_found = client.get("/api/initiatives/999999", headers=support)
    assert (not_found.status_code, not_found.json()["code"]) == (404, "not_found")
    assert not_found.json()["detail"]

    forbidden = client.post(f"{base}/transitions", json={"trigger": "advance"}, headers=leader)
    assert (forbidden.status_code, forbidden.json()["code"]) == (403, "may_not_transition")

    gate = client.post(f"{base}/transitions", json={"trigger": "advance"}, headers=support)
    assert (gate.status_code, gate.json()["code"]) == (409, "items_missing")
    assert set(gate.json()["missing"]) == set(START_KEYS)

    invalid = client.put(
        f"{base}/items/{START_KEYS[0]}",
        json={"status": "done", "link": "ftp://example.se"},
        headers=leader,
    )
    assert (invalid.status_code, invalid.json()["code"]) == (422, "invalid_url")
    assert invalid.json()["field"] == "link"

    evidence = client.post(
        f"{base}/items/{START_KEYS[0]}/evidence", json={"kind": "telegram"}, headers=leader
    )
    assert (evidence.status_code, evidence.json()["code"]) == (422, "unknown_kind")

    unreadable = client.post("/api/initiatives", json={"name": "X"}, headers=support)
    assert (unreadable.status_code, unreadable.json()["code"]) == (422, "invalid_input")
    assert unreadable.json()["field"] == "region"
    assert unreadable.json()["errors"][0]["field"] == "region"
    assert isinstance(unreadable.json()["detail"], str)

    anonymous = client.get("/api/initiatives")
    assert (anonymous.status_code, anonymous.json()["code"]) == (401, "not_authenticated")


def test_api_review_refusals_carry_their_own_codes(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    support, leader = bearer(session, people.support), bearer(session, people.leader)
    url = f"/api/initiatives/{initiative.id}/gate-reviews"
    _tick_all(client, leader, initiative)
    review = client.post(url, json={}, headers=leader).json()

    again = client.post(url, json={}, headers=leader)
    assert (again.status_code, again.json()["code"]) == (409, "review_already_requested")

    decision = f"/api/gate-reviews/{review['id']}/decision"
    bare = client.post(
        decision, json={"outcome": "conditional_go", "rationale": "Nästan"}, headers=support
    )
    assert (bare.status_code, bare.json()["code"]) == (422, "conditions_required")
    unknown = client.post(decision, json={"outcome": "maybe", "rationale": "?"}, headers=support)
    assert (unknown.status_code, unknown.json()["code"]) == (422, "unknown_outcome")

    go = client.post(decision, json={"outcome": "go", "rationale": "Klart"}, headers=support)
    assert go.status_code == 200, go.text
    twice = client.post(decision, json={"outcome": "go", "rationale": "Klart"}, headers=support)
    assert (twice.status_code, twice.json()["code"]) == (409, "review_not_open")


def test_a_refused_transition_is_explained_in_swedish_by_its_code(
    client: TestClient, people: People, initiative: Initiative
) -> None:
    csrf = login(client, people.support)
    refused = client.post(
        f"/initiatives/{initiative.id}/transitions",
        data={"trigger": "close", "reason": " ", "csrf_token": csrf},
    )
    assert refused.status_code == 409
    assert 'id="refusal"' in refused.text
    assert "Ange ett skäl." in refused.text  # "Write a reason."
    assert "A reason is required." not in refused.text


def test_a_refused_decision_is_explained_in_swedish_by_its_code(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    leader = bearer(session, people.leader)
    _tick_all(client, leader, initiative)
    url = f"/api/initiatives/{initiative.id}/gate-reviews"
    review = client.post(url, json={}, headers=leader).json()
    csrf = login(client, people.support)
    due = (date.today() + timedelta(days=14)).isoformat()
    refused = client.post(
        f"/gate-reviews/{review['id']}/decision",
        data={"outcome": "hold", "rationale": "Vänta", "condition_text_0": "Avtal",
              "condition_owner_0": "Lars", "condition_due_0": due, "csrf_token": csrf},
    )  # fmt: skip
    assert refused.status_code == 422
    assert "Bara ett villkorat ja har villkor." in refused.text
    assert "Only a Conditional Go carries conditions." not in refused.text


def test_the_error_page_says_a_specific_code_in_swedish(
    client: TestClient, people: People, initiative: Initiative
) -> None:
    csrf = login(client, people.leader)
    refused = client.post(
        f"/initiatives/{initiative.id}/transitions",
        data={"trigger": "advance", "csrf_token": csrf},
    )
    assert refused.status_code == 403
    assert "Bara stödfunktionen och administratörer flyttar initiativ mellan faser." in refused.text


def test_no_database_call_runs_on_the_event_loop(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    """A blocking call on the loop stops every other request: with SQLite's lock held
    elsewhere, the whole server froze. Refusals, error pages (with the navigation's
    counts), uploads and decisions all reach the database from worker threads only."""
    on_loop: list[str] = []

    def watch(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return
        on_loop.append(statement)

    leader, support = bearer(session, people.leader), bearer(session, people.support)
    base = f"/api/initiatives/{initiative.id}"
    event.listen(Engine, "before_cursor_execute", watch)
    try:
        item = f"{base}/items/{START_KEYS[0]}/evidence"
        client.post(item, json={"kind": "note", "note": "n"}, headers=leader)
        pdf = {"file": ("a.pdf", b"%PDF-1.4 x", "application/pdf")}
        client.post(item, files=pdf, headers=leader)
        client.post(f"{base}/transitions", json={"trigger": "advance"}, headers=leader)  # 403
        client.get("/api/initiatives/999999", headers=support)  # 404
        client.get("/audit/no-such-link")  # a failing write: the link's use is recorded
        csrf = login(client, people.leader)
        htmx = {"HX-Request": "true", "X-CSRF-Token": csrf}
        page = f"/initiatives/{initiative.id}/items/{START_KEYS[0]}/evidence"
        client.post(page, data={"kind": "note", "note": "n"}, headers=htmx)
        client.post(page, data={"kind": "note", "note": "n", "effective_on": "x"}, headers=htmx)
        move = {"trigger": "advance", "csrf_token": csrf}
        refused = client.post(f"/initiatives/{initiative.id}/transitions", data=move)
        assert refused.status_code == 403  # the error page, for a signed-in user
        assert client.get("/initiatives/999999").status_code == 404
        assert client.get("/gate-reviews/999999").status_code == 404
        assert client.get("/initiatives/not-a-number").status_code == 422
        csrf = login(client, people.support)
        decision = {"outcome": "go", "rationale": "r", "csrf_token": csrf}
        assert client.post("/gate-reviews/999999/decision", data=decision).status_code == 404
    finally:
        event.remove(Engine, "before_cursor_execute", watch)
    assert on_loop == []


# --- outages: timeouts and a database that does not answer are 503s -------------------


def _app(url: str, data_dir: Path, timeouts: Timeouts | None = None) -> FastAPI:
    settings = Settings(
        audit_key=AUDIT_KEY, database_url=url, secret_key="t", secure_cookies=False,
        session_max_age=600, data_dir=data_dir,
    )  # fmt: skip
    engine = make_engine(url, timeouts=timeouts or Timeouts(connect_s=2, busy_ms=200))
    return create_app(settings, sessions=make_sessionmaker(engine, audit_key=AUDIT_KEY))


def _unavailable(response: Any, *, page: bool = False) -> None:
    assert response.status_code == 503, response.text[:300]
    assert int(response.headers["retry-after"]) > 0
    if page:
        assert "Databasen svarar inte just nu." in response.text  # in the reader's language
        assert "Försök igen om en stund" in response.text
    else:
        assert response.json()["code"] == "database_unavailable"


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_a_database_that_does_not_answer_is_a_503_not_a_plain_500(
    kind: str, tmp_path: Path
) -> None:
    url = (
        "postgresql://postgres@127.0.0.1:1/nowhere"  # nothing listens on port 1
        if kind == "postgresql"
        else f"sqlite:///{tmp_path / 'no-such-folder' / 'klusterfas.db'}"
    )
    client = TestClient(_app(url, tmp_path / "data"), raise_server_exceptions=False)
    _unavailable(client.get("/api/initiatives", headers={"Authorization": "Bearer kf_x"}))
    _unavailable(client.get("/audit/some-link", headers={"Accept-Language": "sv"}), page=True)
    assert client.get("/healthz").status_code == 200  # the process itself is up
    ready = client.get("/readyz")
    assert (ready.status_code, ready.json()["reason"]) == (503, "database_unavailable")
    assert "retry-after" in ready.headers


def test_readyz_says_whether_the_schema_is_at_the_head(client: TestClient, tmp_path: Path) -> None:
    ready = client.get("/readyz")
    assert ready.status_code == 200, ready.text
    assert ready.json()["status"] == "ready" and ready.json()["revision"] == ready.json()["head"]
    empty = TestClient(_app(f"sqlite:///{tmp_path / 'empty.db'}", tmp_path / "data"))
    pending = empty.get("/readyz")
    assert (pending.status_code, pending.json()["reason"]) == (503, "migrations_pending")


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_sqlites_lock_held_too_long_is_a_503(
    committed_engine: Engine, committed_database_url: str, tmp_path: Path
) -> None:
    app = _app(committed_database_url, tmp_path / "data", Timeouts(busy_ms=200))
    client = TestClient(app, raise_server_exceptions=False)
    with (
        committed_engine.connect() as held,
        held.execution_options(sqlite_begin="IMMEDIATE").begin(),
    ):
        started = time.monotonic()
        # An auditor link's use is a write: it waits for the lock, then gives up.
        response = client.get("/api/audit/public-key")
        assert response.status_code == 200  # reads go on beside a writer (WAL)
        refused = client.get("/audit/some-link", headers={"Accept-Language": "sv"})
        _unavailable(refused, page=True)
        assert time.monotonic() - started < 5


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_table_lock_held_elsewhere_is_a_503_after_the_lock_timeout(
    committed_engine: Engine, committed_database_url: str, tmp_path: Path
) -> None:
    """While a migration (or anyone) holds a table lock, requests give up after the lock
    timeout instead of hanging: JSON for the API, the error page in Swedish for pages."""
    sessions = make_sessionmaker(committed_engine, audit_key=AUDIT_KEY)
    email = f"support-{secrets.token_hex(4)}@example.se"
    with sessions() as setup:  # committed: the app's own engine sees it
        support = make_user(setup, email, Role.SUPPORT)
        support.locale = "sv"
        setup.commit()
        token = accounts.create_token(setup, email=email)
    app = _app(committed_database_url, tmp_path / "data", Timeouts(lock_ms=300, statement_ms=5000))
    client = TestClient(app, raise_server_exceptions=False)
    try:
        csrf = login(client, support)
        with committed_engine.connect() as held, held.begin():
            held.exec_driver_sql("LOCK TABLE initiatives IN ACCESS EXCLUSIVE MODE")
            started = time.monotonic()
            _unavailable(
                client.get("/api/initiatives", headers={"Authorization": f"Bearer {token}"})
            )
            page = client.get("/initiatives", headers={"Accept-Language": "en"})
            _unavailable(page, page=True)  # the signed-in officer's own language: Swedish
            assert time.monotonic() - started < 5
        assert csrf and client.get("/initiatives").status_code == 200  # and then it answers
    finally:
        with sessions() as cleanup:
            cleanup.execute(delete(User).where(User.email == email))
            cleanup.commit()


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_the_web_apps_statement_and_lock_timeouts_reach_postgresql(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A key of its own: without one, from_env writes a local key file into the checkout.
    monkeypatch.setenv("KLUSTERFAS_SECRET_KEY", "test-secret")
    engine = make_engine(database_url, timeouts=Timeouts(statement_ms=200, lock_ms=100))
    try:
        with engine.connect() as connection:
            # And no JIT (app/db.py): the portfolio's statements only got slower with it.
            assert connection.exec_driver_sql("SHOW jit").scalar() == "off"
            shown = connection.exec_driver_sql("SHOW statement_timeout").scalar()
            assert (shown, connection.exec_driver_sql("SHOW lock_timeout").scalar()) == (
                "200ms",
                "100ms",
            )
            with pytest.raises(DBAPIError) as slow:
                connection.exec_driver_sql("SELECT pg_sleep(2)")
            assert unavailable(slow.value)
    finally:
        engine.dispose()
    settings = Settings.from_env()
    assert (settings.db_statement_timeout_ms, settings.db_lock_timeout_ms) == (30_000, 5_000)
