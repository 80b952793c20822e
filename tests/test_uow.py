"""The unit of work is the one place that commits or rolls back (on both databases)."""

from __future__ import annotations

import re
import secrets
import socket
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from sqlalchemy import Engine, delete, func, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from app.access import services as access
from app.accounts import services as accounts
from app.audit import log as audit_log
from app.config import Settings
from app.db import Timeouts, make_engine, make_sessionmaker, unavailable
from app.domain.permissions import Role
from app.errors import Conflict
from app.initiatives import services as initiatives
from app.models.accounts import User
from app.models.audit import AuditEntry
from app.models.initiatives import Initiative
from app.phases import Phase, get_model
from app.uow import end_request, unit_of_work
from app.web.application import create_app
from tests.conftest import AUDIT_KEY, PASSWORD, REPO_ROOT, csrf_of, make_user

MODEL = get_model()

TRANSACTION_CALL = re.compile(r"\.(commit|rollback)\(")


def test_only_the_unit_of_work_commits_or_rolls_back() -> None:
    offenders = [
        f"{path.relative_to(REPO_ROOT)}:{number}"
        for path in sorted((REPO_ROOT / "app").rglob("*.py"))
        if path != REPO_ROOT / "app" / "uow.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if TRANSACTION_CALL.search(line)
    ]
    assert offenders == []


def _users(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(User)) or 0


@unit_of_work
def _add_user(session: Session, *, email: str, fail: bool = False) -> User:
    user = User(email=email, name="Uma", role=Role.SUPPORT, password_hash="-")
    session.add(user)
    session.flush()
    if fail:
        raise RuntimeError("refused after the write")
    return user


def test_a_use_case_that_returns_is_committed(session: Session) -> None:
    before = _users(session)
    _add_user(session, email="uma@example.se")
    session.rollback()  # only what the unit of work committed survives this
    assert _users(session) == before + 1


def test_a_use_case_that_raises_leaves_nothing(session: Session) -> None:
    before = _users(session)
    with pytest.raises(RuntimeError):
        _add_user(session, email="uma@example.se", fail=True)
    assert not session.in_transaction() or not session.new
    assert _users(session) == before


def test_a_nested_use_case_joins_the_outer_one(session: Session) -> None:
    before = _users(session)

    @unit_of_work
    def outer(session: Session) -> None:
        _add_user(session, email="inner@example.se")  # joins: not committed on its own
        raise RuntimeError("the outer use-case fails")

    with pytest.raises(RuntimeError):
        outer(session)
    assert _users(session) == before


def test_ending_a_read_inside_a_unit_of_work_commits_nothing(session: Session) -> None:
    """A page ends its read as it renders (app.web.templating.render): were it ever to
    render inside a unit of work, the writes flushed so far must not be committed."""
    before = _users(session)

    @unit_of_work
    def renders_then_fails(session: Session) -> None:
        _add_user(session, email="early@example.se")  # flushed: nothing pending
        end_request(session)
        raise RuntimeError("the use-case fails after the render")

    with pytest.raises(RuntimeError):
        renders_then_fails(session)
    assert _users(session) == before


def test_what_waits_for_the_commit_is_dropped_with_a_failed_unit_of_work(
    session: Session,
) -> None:
    """An audit entry joins the chain just before the commit: one recorded by a use-case
    that then fails is not written, then or with the next unit of work of the session."""

    def entries() -> int:
        return session.scalar(select(func.count()).select_from(AuditEntry)) or 0

    @unit_of_work
    def audited(session: Session, *, fail: bool) -> None:
        audit_log.record(session, actor="test", action="t.x", target_type="t", target_id=1)
        if fail:
            raise RuntimeError("refused after the entry")

    before = entries()
    with pytest.raises(RuntimeError):
        audited(session, fail=True)
    assert entries() == before
    audited(session, fail=False)
    assert entries() == before + 1
    assert audit_log.verify(session).ok


# --- a failed write lets go of the lock; a lost race is a Conflict ---------------------


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_failed_write_lets_go_of_sqlites_lock_at_once(committed_engine: Engine) -> None:
    sessions = make_sessionmaker(committed_engine, audit_key=AUDIT_KEY)
    email = f"uma-{secrets.token_hex(4)}@example.se"
    with sessions() as failing:
        with pytest.raises(RuntimeError):
            _add_user(failing, email=email, fail=True)
        # Still open, but no longer in the write transaction: another writer gets the lock.
        with sessions() as other:
            started = time.monotonic()
            _add_user(other, email=email)
            assert time.monotonic() - started < 1
            other.execute(delete(User).where(User.email == email))
            other.commit()


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_write_lock_that_cannot_be_had_leaves_the_session_usable(
    committed_database_url: str, tmp_path: Path
) -> None:
    # A second engine with a short busy timeout, while the first holds the lock.
    quick = make_engine(committed_database_url, timeouts=Timeouts(busy_ms=100))
    holder = make_engine(committed_database_url)
    try:
        with (
            holder.connect() as held,
            held.execution_options(sqlite_begin="IMMEDIATE").begin(),
            make_sessionmaker(quick, audit_key=AUDIT_KEY)() as session,
        ):
            with pytest.raises(OperationalError) as locked:
                _add_user(session, email="uma@example.se")
            assert unavailable(locked.value)  # a 503 with Retry-After, not a 500
            assert not session.in_transaction()
        with make_sessionmaker(quick, audit_key=AUDIT_KEY)() as session:
            assert _users(session) >= 0  # the pool's connection works again
    finally:
        quick.dispose()
        holder.dispose()


def test_a_unique_key_taken_meanwhile_is_a_conflict(session: Session) -> None:
    _add_user(session, email="uma@example.se")
    with pytest.raises(Conflict) as lost:
        _add_user(session, email="uma@example.se")  # the users' email is unique
    assert lost.value.code == "concurrent_change"
    assert _users(session) >= 1


# --- the whole server on SQLite: failing writes beside uploads ------------------------


def _serve(app: Any) -> tuple[uvicorn.Server, threading.Thread, str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    return server, thread, f"http://127.0.0.1:{port}"


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_sqlite_keeps_answering_while_writes_fail_beside_uploads(
    committed_engine: Engine, committed_database_url: str, tmp_path: Path
) -> None:
    """One server (one event loop, its own pool of connections), for a few seconds:
    failing writes (an unknown auditor link records nothing; a refused move renders the
    error page for a signed-in user) at the same time as evidence added as JSON, as an
    upload and through the page. Every answer comes promptly, none is a 5xx."""
    sessions = make_sessionmaker(committed_engine, audit_key=AUDIT_KEY)
    tag = secrets.token_hex(4)
    with sessions() as setup:
        support = make_user(setup, f"support-{tag}@example.se", Role.SUPPORT)
        leader = make_user(setup, f"leader-{tag}@example.se", Role.LEADERSHIP)
        made = initiatives.create_initiative(setup, actor=support, name=f"Load {tag}", region="R")
        access.add_member(setup, actor=support, initiative_id=made.id, email=leader.email)
        token = accounts.create_token(setup, email=leader.email)
        ids = (made.id, [support.id, leader.id])
    settings = Settings(
        audit_key=AUDIT_KEY, database_url=committed_database_url, secret_key="t",
        secure_cookies=False, session_max_age=600, data_dir=tmp_path / "data",
    )  # fmt: skip
    server, thread, base = _serve(create_app(settings))
    key = next(
        i.key for i in MODEL.required_items(Phase.STARTING_POINT) if i.evidence.value != "none"
    )
    evidence = f"/api/initiatives/{ids[0]}/items/{key}/evidence"
    api = {"Authorization": f"Bearer {token}"}
    workers = 6
    stop = [0.0]  # set once every worker has warmed up (a route's first call is slow)
    ready = threading.Barrier(workers + 1, action=lambda: stop.__setitem__(0, time.monotonic() + 4))
    results: list[tuple[str, int, float]] = []

    def signed_in() -> tuple[httpx.Client, str]:
        client = httpx.Client(base_url=base, timeout=60)
        page = client.get("/login")
        client.post("/login", data={"email": leader.email, "password": PASSWORD,
                                    "csrf_token": csrf_of(page.text)})  # fmt: skip
        return client, csrf_of(client.get("/initiatives").text)

    def loop(name: str, send: Callable[[], httpx.Response]) -> None:
        send()
        ready.wait(timeout=60)
        while time.monotonic() < stop[0]:
            started = time.monotonic()
            status = send().status_code
            results.append((name, status, time.monotonic() - started))

    def bogus_link() -> None:
        with httpx.Client(base_url=base, timeout=60) as client:
            loop("link", lambda: client.get("/audit/no-such-link"))

    def refused_move() -> None:
        client, csrf = signed_in()
        url = f"/initiatives/{ids[0]}/transitions"
        loop("move", lambda: client.post(url, data={"trigger": "advance", "csrf_token": csrf}))

    def note() -> None:
        with httpx.Client(base_url=base, timeout=60, headers=api) as client:
            loop("note", lambda: client.post(evidence, json={"kind": "note", "note": "n"}))

    def document() -> None:
        with httpx.Client(base_url=base, timeout=60, headers=api) as client:
            pdf = {"file": ("a.pdf", b"%PDF-1.4\n" + secrets.token_bytes(4096), "application/pdf")}
            loop("document", lambda: client.post(evidence, files=pdf))

    def page_note() -> None:
        client, csrf = signed_in()
        url = f"/initiatives/{ids[0]}/items/{key}/evidence"
        htmx = {"HX-Request": "true", "X-CSRF-Token": csrf}
        loop("page", lambda: client.post(url, data={"kind": "note", "note": "n"}, headers=htmx))

    kinds = [bogus_link, bogus_link, refused_move, note, document, page_note]
    threads = [threading.Thread(target=work) for work in kinds[:workers]]
    try:
        for worker in threads:
            worker.start()
        ready.wait(timeout=60)
        for worker in threads:
            worker.join(timeout=90)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        with sessions() as cleanup:
            cleanup.execute(delete(Initiative).where(Initiative.id == ids[0]))
            cleanup.execute(delete(User).where(User.id.in_(ids[1])))
            cleanup.commit()
    errors = [r for r in results if r[1] >= 500]
    slowest = max(r[2] for r in results)
    done = {name: sum(1 for r in results if r[0] == name and r[1] < 400) for name in
            ("note", "document", "page")}  # fmt: skip
    assert errors == [] and slowest < 5, (errors[:5], slowest)
    assert {r[1] for r in results if r[0] == "link"} == {404}
    assert {r[1] for r in results if r[0] == "move"} == {403}
    assert min(done.values()) >= 3, done
