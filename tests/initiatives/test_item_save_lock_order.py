"""Item saves and an advance of one initiative at the same moment (issue 15, lock order).

Every use-case locks the initiative's row before the audit head (app/uow.py), so none
holds the head while it waits for the row another holds while waiting for the head: on
PostgreSQL, no deadlock (which the unit of work would answer as a 409
`concurrent_change`), no 500, and a save that comes after the move is told so."""

from __future__ import annotations

import contextlib
import secrets
import threading
import time
from collections import Counter
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from app.access import services as access
from app.accounts import services as accounts
from app.audit import log as audit_log
from app.clock import today
from app.config import Settings
from app.db import make_sessionmaker
from app.domain.items import ItemStatus, ItemUpdate
from app.domain.permissions import Role
from app.initiatives import items as initiative_items
from app.initiatives import services as initiatives
from app.models.initiatives import Initiative, Transition
from app.phases import Phase, get_model
from app.readiness.queries import check
from app.web.application import create_app
from tests.conftest import AUDIT_KEY, make_user

REQUIRED = [i.key for i in get_model().required_items(Phase.STARTING_POINT)]
SAVES = 6
# Each request waits, on its way to the audit head, for the others (or 3 s), and the
# advance lets the saves go first: the moment at which the old order (a save took the
# head, then waited for the row the advance held) deadlocked.
HELD_FOR = 3.0
LET_SAVES_FIRST = 0.5


@dataclass
class World:
    app: FastAPI
    sessions: sessionmaker[Session]
    initiative_id: int
    support: str
    leaders: list[str]


@pytest.fixture
def world(committed_engine: Engine, committed_database_url: str) -> World:
    sessions = make_sessionmaker(committed_engine, audit_key=AUDIT_KEY)
    tag = secrets.token_hex(4)
    with sessions() as session:
        support = make_user(session, f"support-{tag}@example.se", Role.SUPPORT)
        leader = make_user(session, f"leader-{tag}@example.se", Role.LEADERSHIP)
        initiative = initiatives.create_initiative(session, actor=support, name="Lås", region="R")
        access.add_member(session, actor=support, initiative_id=initiative.id, email=leader.email)
        for key in REQUIRED:  # the gate is open: the advance is allowed
            initiative_items.update_item(
                session, actor=leader, initiative_id=initiative.id, key=key,
                update=ItemUpdate(ItemStatus.NOT_APPLICABLE, justification="Gäller inte oss."),
            )  # fmt: skip
        support_token = accounts.create_token(session, email=support.email)
        leaders = [accounts.create_token(session, email=leader.email) for _ in range(SAVES)]
        initiative_id = initiative.id
    settings = Settings(
        audit_key=AUDIT_KEY,
        database_url=committed_database_url,
        secret_key="t",
        secure_cookies=False,
        session_max_age=60,
    )
    return World(create_app(settings, sessions=sessions), sessions, initiative_id, support_token,
                 leaders)  # fmt: skip


Call = tuple[str, str, str, dict[str, Any]]  # token, method, path, JSON body


def _race(world: World, calls: list[Call]) -> list[tuple[int, str]]:
    """Every call at once, each from its own client and thread: (status, code) of each."""
    start = threading.Barrier(len(calls))
    answers: list[tuple[int, str]] = [(0, "")] * len(calls)

    def send(index: int) -> None:
        token, method, path, body = calls[index]
        with TestClient(world.app, raise_server_exceptions=False) as client:
            start.wait(timeout=30)
            response = client.request(
                method, path, json=body, headers={"Authorization": f"Bearer {token}"}
            )
            code = response.json().get("code", "") if response.status_code >= 400 else ""
            answers[index] = (response.status_code, str(code))

    threads = [threading.Thread(target=send, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return answers


# SQLite takes its write lock at BEGIN IMMEDIATE: its writers never overlap.
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_item_saves_and_an_advance_never_deadlock(
    world: World, committed_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert committed_engine.dialect.name == "postgresql"
    meet = threading.Barrier(SAVES + 1)
    record = audit_log.record
    waited = threading.local()

    def meet_then_record(session: Session, **entry: Any) -> Any:
        if not getattr(waited, "done", False):  # each request's first entry only
            waited.done = True
            # Broken when the others wait for a row this request holds: as it should be.
            with contextlib.suppress(threading.BrokenBarrierError):
                meet.wait(timeout=HELD_FOR)
            if entry["action"].startswith("transition."):
                time.sleep(LET_SAVES_FIRST)
        return record(session, **entry)

    monkeypatch.setattr(audit_log, "record", meet_then_record)
    base = f"/api/initiatives/{world.initiative_id}"
    calls: list[Call] = [
        (token, "PUT", f"{base}/items/{REQUIRED[n % len(REQUIRED)]}",
         {"status": "not_applicable", "justification": f"Gäller inte oss ({n})."})
        for n, token in enumerate(world.leaders)
    ]  # fmt: skip
    calls.insert(SAVES // 2, (world.support, "POST", f"{base}/transitions", {"trigger": "advance"}))
    answers = _race(world, calls)
    print(f"race saves+advance: N={len(calls)} {dict(Counter(answers))}")
    advance = answers.pop(SAVES // 2)
    assert advance == (200, "")
    assert all(status < 500 for status, _ in answers), answers
    assert "concurrent_change" not in {code for _, code in answers}  # a deadlock, mapped
    # A save either landed before the move or is told the phase moved on.
    assert {a for a in answers if a[0] != 200} <= {(409, "not_current_phase"),
                                                   (409, "stale_phase")}  # fmt: skip
    with world.sessions() as session:
        phase = session.scalar(select(Initiative.phase).where(Initiative.id == world.initiative_id))
        moves = session.scalar(
            select(func.count()).where(Transition.initiative_id == world.initiative_id)
        )
        assert (phase, moves) == (Phase.INITIATION, 1)
        assert list(check(session, today())) == []
        assert audit_log.verify(session).ok
