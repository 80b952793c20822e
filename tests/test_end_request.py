"""How a request's transaction ends (app.uow.end_request): one that only read commits, so
PostgreSQL keeps the statements psycopg prepared; one that wrote outside a unit of work is
rolled back, as before (on both databases)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select, text, update
from sqlalchemy.orm import Session

from app.config import Settings
from app.db import make_engine, make_sessionmaker
from app.domain.permissions import Role
from app.initiatives import services as initiatives
from app.models.accounts import User
from app.uow import end_request
from app.web.application import create_app
from tests.conftest import AUDIT_KEY, login, make_user

EMAIL = "stray@example.se"


def _prepared(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text("SELECT count(*) FROM pg_prepared_statements")).one()[0])


def _read_often(session: Session) -> None:
    for _ in range(6):  # psycopg prepares a statement on its fifth run on a connection
        session.execute(select(User.id).where(User.email == EMAIL)).all()


# SQLite's statement cache outlives a rollback anyway.
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_request_that_read_keeps_its_prepared_statements(one_connection: Engine) -> None:
    sessions = make_sessionmaker(one_connection, audit_key=AUDIT_KEY)
    with sessions() as session:
        _read_often(session)
        session.rollback()
    assert _prepared(one_connection) == 0  # what ending with ROLLBACK did
    with sessions() as session:
        _read_often(session)
        end_request(session)
    assert _prepared(one_connection) >= 1


def _users(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(select(func.count()).where(User.email == EMAIL)).one()[0])


def test_a_flush_outside_a_unit_of_work_is_rolled_back(one_connection: Engine) -> None:
    sessions = make_sessionmaker(one_connection, audit_key=AUDIT_KEY)
    with sessions() as session:
        session.add(User(email=EMAIL, name="Stray", role=Role.SUPPORT, password_hash="-"))
        session.flush()
        end_request(session)
        assert not session.in_transaction()
    assert _users(one_connection) == 0


def test_an_update_statement_outside_a_unit_of_work_is_rolled_back(
    one_connection: Engine,
) -> None:
    sessions = make_sessionmaker(one_connection, audit_key=AUDIT_KEY)
    with sessions() as session:
        session.add(User(email=EMAIL, name="Kept", role=Role.SUPPORT, password_hash="-"))
        session.commit()
    with sessions() as session:
        session.execute(update(User).where(User.email == EMAIL).values(name="Stray"))
        end_request(session)
    with sessions() as session:
        assert session.scalar(select(User.name).where(User.email == EMAIL)) == "Kept"
        end_request(session)  # a read after the stray write's rollback: committed
        assert not session.in_transaction()


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_pages_served_one_after_another_reuse_prepared_statements(
    committed_database_url: str, tmp_path: Path
) -> None:
    """Through HTTP: the portfolio, asked for again and again, runs prepared statements."""
    engine = make_engine(committed_database_url)
    sessions = make_sessionmaker(engine, audit_key=AUDIT_KEY)
    with sessions() as setup:
        support = make_user(setup, "stod@example.se", Role.SUPPORT)
        initiatives.create_initiative(setup, actor=support, name="Fas", region="Skåne")
    settings = Settings(
        audit_key=AUDIT_KEY, database_url=committed_database_url, secret_key="t",
        secure_cookies=False, session_max_age=600, data_dir=tmp_path / "data",
    )  # fmt: skip
    try:
        with TestClient(create_app(settings, sessions=sessions)) as client:
            login(client, support)
            for _ in range(7):
                page = client.get("/portfolio")
                assert page.status_code == 200 and "Fas" in page.text
        # One request at a time: one connection, the one that ran them all.
        assert _prepared(engine) >= 3
    finally:
        engine.dispose()
