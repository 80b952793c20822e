"""Browser fixtures: a live server on a fresh SQLite database, and Debian's Chromium.

Alembic runs once per session, into a template file; each server gets a copy of it.
"""

from __future__ import annotations

import shutil
import socket
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, sync_playwright

from app import migrate
from app.access import services as access
from app.config import Settings
from app.db import make_engine, make_sessionmaker
from app.domain.permissions import Role
from app.initiatives import services as initiatives
from app.web.application import create_app
from tests.conftest import AUDIT_KEY, IN_CI, make_user

CHROMIUM = Path("/usr/bin/chromium")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty SQLite database at the head revision, migrated once per test session."""
    path = tmp_path_factory.mktemp("browser-template") / "template.db"
    migrate.upgrade(f"sqlite:///{path}")
    # The app runs SQLite in WAL mode: fold the log into the file, so one file is the database.
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    return path


@pytest.fixture
def server(tmp_path: Path, migrated_template: Path) -> Iterator[tuple[str, int]]:
    database = tmp_path / "browser.db"
    shutil.copyfile(migrated_template, database)
    url = f"sqlite:///{database}"
    engine = make_engine(url)
    with make_sessionmaker(engine, audit_key=AUDIT_KEY)() as session:
        support = make_user(session, "stod@example.se", Role.SUPPORT, "Sara Stöd")
        make_user(session, "ledare@example.se", Role.LEADERSHIP, "Lars Ledare")
        initiative = initiatives.create_initiative(
            session, actor=support, name="Drönarnoden", region="Östergötland"
        )
        access.add_member(
            session, actor=support, initiative_id=initiative.id, email="ledare@example.se"
        )
        initiative_id = initiative.id
    settings = Settings(
        data_dir=tmp_path / "data",
        audit_key=AUDIT_KEY,
        database_url=url,
        secret_key="browser",
        secure_cookies=False,
        session_max_age=600,
    )
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}", initiative_id
    server.should_exit = True
    thread.join(timeout=10)
    engine.dispose()


@pytest.fixture
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        if IN_CI:
            pytest.fail("Debian's chromium is required in CI (.ci/run installs it)")
        pytest.skip("no /usr/bin/chromium: apt-get install chromium")
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()
