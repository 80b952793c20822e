"""The `klusterfas` console script, run as a real process on a SQLite file."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.accounts import queries as account_queries
from app.accounts import services as accounts
from app.db import make_engine, make_sessionmaker
from app.models.accounts import User
from app.models.actors import Actor
from app.models.assessments import InternationalisationAssessment
from app.models.initiatives import Initiative, ItemState, Transition
from tests.conftest import AUDIT_KEY


def _run(tmp_path: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    script = shutil.which("klusterfas", path=str(Path(sys.executable).parent))
    command = [script] if script else [sys.executable, "-m", "app.cli"]
    env = {
        **os.environ,
        "KLUSTERFAS_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}",
        "KLUSTERFAS_SECRET_KEY": "k",
        "KLUSTERFAS_AUDIT_KEY": AUDIT_KEY,
    }
    return subprocess.run(
        [*command, *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )


@pytest.fixture
def db(tmp_path: Path) -> Path:
    result = _run(tmp_path, "db", "upgrade")
    assert result.returncode == 0, result.stderr
    return tmp_path


def _count(path: Path, model: type) -> int:
    engine = make_engine(f"sqlite:///{path / 'cli.db'}")
    try:
        with make_sessionmaker(engine, audit_key=AUDIT_KEY)() as session:
            return session.scalar(select(func.count()).select_from(model)) or 0
    finally:
        engine.dispose()


def test_users_add_reads_the_password_from_stdin_and_tokens_work(db: Path) -> None:
    added = _run(
        db,
        "users",
        "add",
        "--email",
        "Eva@Region.se",
        "--name",
        "Eva",
        "--role",
        "support",
        "--password-stdin",
        stdin="ett långt lösenord\n",
    )
    assert added.returncode == 0, added.stderr
    again = _run(
        db,
        "users",
        "add",
        "--email",
        "eva@region.se",
        "--name",
        "Eva",
        "--role",
        "support",
        "--password-stdin",
        stdin="ett långt lösenord\n",
    )
    assert again.returncode == 1 and "already exists" in again.stderr
    short = _run(
        db,
        "users",
        "add",
        "--email",
        "x@region.se",
        "--name",
        "X",
        "--role",
        "funder",
        "--password-stdin",
        stdin="kort\n",
    )
    assert short.returncode == 1 and "password" in short.stderr
    bad_role = _run(
        db,
        "users",
        "add",
        "--email",
        "y@region.se",
        "--name",
        "Y",
        "--role",
        "king",
        "--password-stdin",
        stdin="ett långt lösenord\n",
    )
    assert bad_role.returncode == 2

    created = _run(db, "tokens", "create", "--email", "eva@region.se")
    assert created.returncode == 0, created.stderr
    token = created.stdout.strip().splitlines()[-1]
    engine = make_engine(f"sqlite:///{db / 'cli.db'}")
    try:
        with make_sessionmaker(engine, audit_key=AUDIT_KEY)() as session:
            user = account_queries.user_for_token(session, token)
            assert user is not None and user.email == "eva@region.se"
            assert accounts.authenticate(
                session, email="eva@region.se", password="ett långt lösenord"
            )
    finally:
        engine.dispose()
    assert _run(db, "tokens", "create", "--email", "nobody@region.se").returncode == 1


def test_demo_is_idempotent(db: Path) -> None:
    first = _run(db, "demo")
    assert first.returncode == 0, first.stderr
    assert "admin@klusterfas.demo" in first.stdout and "funder" in first.stdout
    models = (User, Initiative, ItemState, Transition, Actor, InternationalisationAssessment)
    counts = [_count(db, m) for m in models]
    assert counts[1] >= 8 and counts[3] > 5 and counts[4] > 5 and counts[5] > 2
    second = _run(db, "demo")
    assert second.returncode == 0
    assert [_count(db, m) for m in models] == counts
