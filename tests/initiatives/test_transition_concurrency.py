"""Concurrent requests against committed data, through HTTP, on both databases."""

from __future__ import annotations

import secrets
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, delete, func, select
from sqlalchemy.orm import Session

from app.access import services as access
from app.accounts import services as accounts
from app.config import Settings
from app.db import make_sessionmaker
from app.domain.items import ItemStatus
from app.domain.permissions import Role
from app.initiatives import queries as initiative_queries
from app.initiatives import services as initiatives
from app.models.accounts import User
from app.models.initiatives import Initiative, ItemState, Transition
from app.phases import Phase, get_model
from app.web.application import create_app
from tests.conftest import AUDIT_KEY, make_user

MODEL = get_model()


@dataclass
class World:
    app: Any
    initiative_id: int
    tokens: list[str]
    leader_tokens: list[str]


@pytest.fixture
def world(committed_engine: Engine, committed_database_url: str) -> Iterator[World]:
    """Committed data (the savepoint fixture would hide it from other connections)."""
    sessions = make_sessionmaker(committed_engine, audit_key=AUDIT_KEY)
    tag = secrets.token_hex(4)
    with sessions() as session:
        support = make_user(session, f"support-{tag}@example.se", Role.SUPPORT)
        admin = make_user(session, f"admin-{tag}@example.se", Role.ADMIN)
        initiative = initiatives.create_initiative(
            session, actor=support, name=f"Race {tag}", region="R"
        )
        # Settle two phases, so that a second, sequential advance would be allowed.
        for phase in (Phase.STARTING_POINT, Phase.INITIATION):
            for item in MODEL.required_items(phase):
                state = initiative_queries.get_item_state(
                    session, initiative_id=initiative.id, key=item.key
                )
                assert state is not None
                state.status, state.note = ItemStatus.DONE, "ok"
        session.commit()
        tokens = [accounts.create_token(session, email=support.email) for _ in range(2)]
        leader = make_user(session, f"leader-{tag}@example.se", Role.LEADERSHIP)
        access.add_member(session, actor=admin, initiative_id=initiative.id, email=leader.email)
        leader_tokens = [accounts.create_token(session, email=leader.email) for _ in range(2)]
        ids = (initiative.id, [support.id, admin.id, leader.id])
    settings = Settings(
        audit_key=AUDIT_KEY,
        database_url=committed_database_url,
        secret_key="t",
        secure_cookies=False,
        session_max_age=60,
    )
    yield World(create_app(settings, sessions=sessions), ids[0], tokens, leader_tokens)
    with sessions() as session:
        session.execute(delete(Initiative).where(Initiative.id == ids[0]))
        session.execute(delete(User).where(User.id.in_(ids[1])))
        session.commit()


Request = tuple[str, str, str, dict[str, Any]]  # token, method, path, JSON body


def _race(world: World, requests: list[Request]) -> list[int]:
    """Send the requests at the same moment, each from its own client and thread."""
    start = threading.Barrier(len(requests))
    codes: list[int] = [0] * len(requests)

    def send(index: int) -> None:
        token, method, path, body = requests[index]
        with TestClient(world.app) as client:
            start.wait(timeout=10)
            response = client.request(
                method, path, json=body, headers={"Authorization": f"Bearer {token}"}
            )
            codes[index] = response.status_code

    threads = [threading.Thread(target=send, args=(i,)) for i in range(len(requests))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return codes


def _phase_and_moves(engine: Engine, initiative_id: int) -> tuple[Phase, int]:
    with Session(engine) as session:
        phase = session.scalar(select(Initiative.phase).where(Initiative.id == initiative_id))
        moves = session.scalar(
            select(func.count()).where(Transition.initiative_id == initiative_id)
        )
        assert phase is not None and moves is not None
        return phase, moves


def test_double_submitted_advance_moves_one_phase(world: World, committed_engine: Engine) -> None:
    body = {"trigger": "advance", "expected_phase": "starting_point"}
    url = f"/api/initiatives/{world.initiative_id}/transitions"
    codes = _race(world, [(token, "POST", url, body) for token in world.tokens])
    assert sorted(codes) == [200, 409]
    assert _phase_and_moves(committed_engine, world.initiative_id) == (Phase.INITIATION, 1)


# SQLite takes its write lock at BEGIN IMMEDIATE, so its writers never overlap.
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_concurrent_advances_move_exactly_one_phase_on_postgresql(
    world: World, committed_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert committed_engine.dialect.name == "postgresql"
    # Hold both requests until each has read the phase and the items: a true race.
    both_read = threading.Barrier(2)
    read = initiative_queries.item_states
    waited = threading.local()

    def item_states_then_wait(session: Session, initiative_id: int) -> dict[str, ItemState]:
        states = read(session, initiative_id)
        if not getattr(waited, "done", False):  # only the transition's own read
            waited.done = True
            both_read.wait(timeout=10)
        return states

    monkeypatch.setattr(initiative_queries, "item_states", item_states_then_wait)
    body = {"trigger": "advance"}
    url = f"/api/initiatives/{world.initiative_id}/transitions"
    codes = _race(world, [(token, "POST", url, body) for token in world.tokens])
    assert sorted(codes) == [200, 409]
    assert _phase_and_moves(committed_engine, world.initiative_id) == (Phase.INITIATION, 1)


def test_concurrent_ticks_by_different_people_never_overwrite_each_other(
    world: World, committed_engine: Engine
) -> None:
    starting_point = MODEL.phase(Phase.STARTING_POINT)
    assert starting_point is not None
    first, second = (i.key for i in starting_point.items[:2])
    with Session(committed_engine) as session:  # reopen both, then tick them at once
        for key in (first, second):
            state = initiative_queries.get_item_state(
                session, initiative_id=world.initiative_id, key=key
            )
            assert state is not None
            state.status = ItemStatus.OPEN
        session.commit()
    bodies = [{"status": "done", "note": "Anna"}, {"status": "done", "note": "Bo"}]
    path = f"/api/initiatives/{world.initiative_id}/items/"
    codes = _race(
        world,
        [
            (world.leader_tokens[0], "PUT", path + first, bodies[0]),
            (world.leader_tokens[1], "PUT", path + second, bodies[1]),
        ],
    )
    assert codes == [200, 200]
    with Session(committed_engine) as session:
        notes = {
            key: session.scalar(
                select(ItemState.note).where(
                    ItemState.initiative_id == world.initiative_id, ItemState.item_key == key
                )
            )
            for key in (first, second)
        }
    assert notes == {first: "Anna", second: "Bo"}
