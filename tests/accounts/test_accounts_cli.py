"""`klusterfas users list|deactivate|reactivate` and `tokens create|list|revoke`, as a
real process on a SQLite file."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from app.accounts import queries as account_queries
from app.accounts import services as accounts
from app.db import make_engine, make_sessionmaker
from tests.conftest import AUDIT_KEY
from tests.test_cli import _run

PASSWORD = "ett långt lösenord"


@contextmanager
def _session(path: Path) -> Iterator[Session]:
    engine = make_engine(f"sqlite:///{path / 'cli.db'}")
    try:
        with make_sessionmaker(engine, audit_key=AUDIT_KEY)() as session:
            yield session
    finally:
        engine.dispose()


@pytest.fixture
def eva(tmp_path: Path) -> Path:
    assert _run(tmp_path, "db", "upgrade").returncode == 0
    added = _run(
        tmp_path, "users", "add", "--email", "eva@region.se", "--name", "Eva", "--role",
        "support", "--password-stdin", stdin=PASSWORD + "\n",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    return tmp_path


def test_tokens_are_created_with_an_expiry_listed_and_revoked(eva: Path) -> None:
    created = _run(
        eva, "tokens", "create", "--email", "eva@region.se", "--label", "CI", "--days", "7"
    )
    assert created.returncode == 0, created.stderr
    assert "valid for 7 days" in created.stdout
    token = created.stdout.strip().splitlines()[-1]
    with _session(eva) as session:
        assert accounts.use_token(session, token) is not None  # noted as used
    assert _run(eva, "tokens", "create", "--email", "eva@region.se", "--days", "0").returncode == 1

    listed = _run(eva, "tokens", "list", "--email", "eva@region.se")
    assert listed.returncode == 0, listed.stderr
    row = listed.stdout.splitlines()[1].split()
    assert row[0] == "1" and row[1] == "active" and row[-1] == "CI"
    assert row[6] != "-"  # the last-used time

    revoked = _run(eva, "tokens", "revoke", "1")
    assert revoked.returncode == 0 and "401" in revoked.stdout
    with _session(eva) as session:
        assert account_queries.user_for_token(session, token) is None
    again = _run(eva, "tokens", "revoke", "1")
    assert again.returncode == 1 and "already revoked" in again.stderr
    assert _run(eva, "tokens", "revoke", "99").returncode == 1
    assert " revoked " in _run(eva, "tokens", "list", "--email", "eva@region.se").stdout
    assert _run(eva, "tokens", "list", "--email", "nobody@region.se").returncode == 1


def test_people_are_listed_deactivated_and_reactivated(eva: Path) -> None:
    token = _run(eva, "tokens", "create", "--email", "eva@region.se").stdout.splitlines()[-1]
    off = _run(eva, "users", "deactivate", "--email", "eva@region.se")
    assert off.returncode == 0 and "1 API token(s) revoked" in off.stdout
    listed = _run(eva, "users", "list")
    assert listed.returncode == 0 and "deactivated" in listed.stdout
    with _session(eva) as session:
        assert accounts.authenticate(session, email="eva@region.se", password=PASSWORD) is None
        assert account_queries.user_for_token(session, token) is None
    assert _run(eva, "users", "deactivate", "--email", "eva@region.se").returncode == 1
    on = _run(eva, "users", "reactivate", "--email", "eva@region.se")
    assert on.returncode == 0, on.stderr
    with _session(eva) as session:
        assert accounts.authenticate(session, email="eva@region.se", password=PASSWORD)
        assert account_queries.user_for_token(session, token) is None
    assert " active " in _run(eva, "users", "list").stdout
    assert _run(eva, "users", "reactivate", "--email", "nobody@region.se").returncode == 1


def test_a_common_password_is_refused_with_its_reason(eva: Path) -> None:
    common = _run(
        eva, "users", "add", "--email", "x@region.se", "--name", "X", "--role", "funder",
        "--password-stdin", stdin="Password2026!\n",
    )  # fmt: skip
    assert common.returncode == 1 and "too common" in common.stderr
