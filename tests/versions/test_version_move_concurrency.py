"""Two moves of one initiative at the same moment: exactly one happens, on both databases."""

from __future__ import annotations

import secrets
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, delete, func, select
from sqlalchemy.orm import Session

from app.accounts import services as accounts
from app.config import Settings
from app.db import make_sessionmaker
from app.domain.permissions import Role
from app.initiatives import queries as initiative_queries
from app.initiatives import services as initiatives
from app.models.accounts import User
from app.models.initiatives import Initiative, ItemState, ModelVersionChange
from app.phases import PhaseModel
from app.web.application import create_app
from tests.conftest import ADDED, AUDIT_KEY, BASE_VERSION, DERIVED_VERSION, make_user


@pytest.fixture
def committed(
    committed_engine: Engine, committed_database_url: str
) -> Iterator[tuple[Any, int, list[str]]]:
    """Committed data (the savepoint fixture would hide it from other connections)."""
    sessions = make_sessionmaker(committed_engine, audit_key=AUDIT_KEY)
    tag = secrets.token_hex(4)
    with sessions() as session:
        support = make_user(session, f"support-{tag}@example.se", Role.SUPPORT)
        admin = make_user(session, f"admin-{tag}@example.se", Role.ADMIN)
        initiative = initiatives.create_initiative(
            session, actor=support, name=f"Race {tag}", region="R"
        )
        tokens = [accounts.create_token(session, email=u.email) for u in (support, admin)]
        ids = (initiative.id, [support.id, admin.id])
    settings = Settings(
        audit_key=AUDIT_KEY,
        database_url=committed_database_url,
        secret_key="t",
        secure_cookies=False,
        session_max_age=60,
    )
    yield create_app(settings, sessions=sessions), ids[0], tokens
    with sessions() as session:
        session.execute(delete(Initiative).where(Initiative.id == ids[0]))
        session.execute(delete(User).where(User.id.in_(ids[1])))
        session.commit()


def _race(app: Any, initiative_id: int, tokens: list[str]) -> list[int]:
    start = threading.Barrier(len(tokens))
    codes = [0] * len(tokens)
    body = {"to_version": DERIVED_VERSION, "expected_from_version": BASE_VERSION}

    def send(index: int) -> None:
        with TestClient(app) as client:
            start.wait(timeout=10)
            codes[index] = client.post(
                f"/api/initiatives/{initiative_id}/model-version",
                json=body,
                headers={"Authorization": f"Bearer {tokens[index]}"},
            ).status_code

    threads = [threading.Thread(target=send, args=(i,)) for i in range(len(tokens))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return codes


def _outcome(engine: Engine, initiative_id: int) -> tuple[str | None, int, int]:
    with Session(engine) as session:
        version = session.scalar(
            select(Initiative.model_version).where(Initiative.id == initiative_id)
        )
        moves = session.scalar(
            select(func.count()).where(ModelVersionChange.initiative_id == initiative_id)
        )
        added = session.scalar(
            select(func.count()).where(
                ItemState.initiative_id == initiative_id, ItemState.item_key == ADDED
            )
        )
        return version, moves or 0, added or 0


def test_a_double_submitted_move_happens_once(
    committed: tuple[Any, int, list[str]], committed_engine: Engine, derived: PhaseModel
) -> None:
    app, initiative_id, tokens = committed
    assert sorted(_race(app, initiative_id, tokens)) == [200, 409]
    assert _outcome(committed_engine, initiative_id) == (DERIVED_VERSION, 1, 1)


# SQLite takes its write lock at BEGIN IMMEDIATE, so its writers never overlap.
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_concurrent_moves_that_both_read_the_old_version_move_once_on_postgresql(
    committed: tuple[Any, int, list[str]],
    committed_engine: Engine,
    derived: PhaseModel,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert committed_engine.dialect.name == "postgresql"
    # Hold both requests until each has read the initiative and its items: a true race,
    # decided only by `UPDATE ... WHERE model_version = <expected>`.
    both_read = threading.Barrier(2)
    read = initiative_queries.item_states
    waited = threading.local()

    def item_states_then_wait(session: Session, initiative_id: int) -> dict[str, ItemState]:
        states = read(session, initiative_id)
        if not getattr(waited, "done", False):
            waited.done = True
            both_read.wait(timeout=10)
        return states

    monkeypatch.setattr(initiative_queries, "item_states", item_states_then_wait)
    app, initiative_id, tokens = committed
    assert sorted(_race(app, initiative_id, tokens)) == [200, 409]
    assert _outcome(committed_engine, initiative_id) == (DERIVED_VERSION, 1, 1)
