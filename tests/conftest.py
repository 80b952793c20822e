"""Fixtures: every database test runs on SQLite and on PostgreSQL.

Each backend gets a fresh database per run, migrated with Alembic; each test
runs inside a transaction that is rolled back (SQLAlchemy's savepoint recipe).
`--db sqlite` or `--db postgresql` runs one backend only (locally; CI=true refuses it).
"""

from __future__ import annotations

import os

# argon2id at its cheapest parameters (app/accounts/passwords.py), for the tests and for
# every subprocess they start (a child inherits the environment). Set before `app` is imported.
os.environ.setdefault("KLUSTERFAS_FAST_PASSWORD_HASH", "1")

import fnmatch
import functools
import re
import secrets
import shutil
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Connection, Engine, event
from sqlalchemy.orm import Session, sessionmaker

from app import clock, migrate, phases
from app.accounts import passwords
from app.config import Settings
from app.db import make_engine
from app.domain.permissions import Role
from app.initiatives import services as initiatives
from app.models.access import Funding, Membership
from app.models.accounts import ApiToken, User
from app.models.initiatives import Initiative
from app.phases import (
    Evidence,
    Item,
    Phase,
    PhaseModel,
    Text,
    UnknownModelVersion,
    get_model,
    registry,
)
from app.phases.derive import derive
from app.readiness.queries import check as readiness_check
from app.web.application import bind_state, create_app

POSTGRES_ADMIN_URL = os.environ.get(
    "KLUSTERFAS_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
IN_CI = os.environ.get("CI", "").lower() == "true"
AUDIT_KEY = "test-audit-key"
DATABASES = ("sqlite", "postgresql")
TESTS_DIR = Path(__file__).resolve().parent

# Slow kinds of test, marked by their path under tests/ (fnmatch patterns), so that a
# developer can leave them out:  pytest -m "not browser and not bench and not cli"
# A run without -m (as in CI) selects them all.
MARKED_BY_PATH: dict[str, tuple[str, ...]] = {
    "browser": ("browser/*",),  # Chromium through Playwright
    "bench": ("*test_bench.py",),  # runs the bench/ scripts in subprocesses
    # The console script in a subprocess: tests/test_cli.py, tests/portfolio/test_digest_cli.py
    "cli": ("*_cli.py",),
}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--db",
        choices=(*DATABASES, "both"),
        default="both",
        help="run the database tests on sqlite, postgresql or both (default; required in CI)",
    )


def pytest_configure(config: pytest.Config) -> None:
    # In CI every test must run: leaving a database out is refused, not skipped.
    chosen = config.getoption("--db")
    if IN_CI and chosen != "both":
        raise pytest.UsageError(f"CI=true runs every test on both databases: drop --db {chosen}")


def selected_databases(config: pytest.Config) -> tuple[str, ...]:
    chosen = str(config.getoption("--db"))
    return DATABASES if chosen == "both" else (chosen,)


@pytest.hookimpl(tryfirst=True)  # before -m, so that it sees these markers
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    databases = selected_databases(config)
    # Any module that runs the console script through test_cli.py's helper is a cli test too.
    cli_runs = [
        module._run
        for name, module in list(sys.modules.items())
        if name.startswith("tests.") and name.endswith(".test_cli") and hasattr(module, "_run")
    ]
    kept: list[pytest.Item] = []
    deselected: list[pytest.Item] = []
    for item in items:
        try:
            path = item.path.resolve().relative_to(TESTS_DIR).as_posix()
        except ValueError:
            path = ""
        for marker, patterns in MARKED_BY_PATH.items():
            if any(fnmatch.fnmatch(path, pattern) for pattern in patterns):
                item.add_marker(marker)
        if any(getattr(getattr(item, "module", None), "_run", None) is run for run in cli_runs):
            item.add_marker("cli")
        # --db: a test parametrised (directly or through a fixture) on another database goes.
        callspec = getattr(item, "callspec", None)
        kind = callspec.params.get("database_url") if callspec is not None else None
        if kind is not None and kind not in databases:
            deselected.append(item)
        else:
            kept.append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = kept


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    # In CI every test must run: a skip (a missing service, browser or package) fails the run.
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if IN_CI and exitstatus == 0 and reporter is not None and reporter.stats.get("skipped"):
        reporter.write_line("CI=true: skipped tests count as failures", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


PASSWORD = "correct horse battery"


class PostgresUnavailable(Exception):
    pass


def fresh_postgres_database() -> tuple[str, str]:
    """Create an empty database; return (its SQLAlchemy URL, its name)."""
    name = f"klusterfas_test_{os.getpid()}_{secrets.token_hex(3)}"
    try:
        with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as error:
        raise PostgresUnavailable(str(error)) from error
    base = POSTGRES_ADMIN_URL.rsplit("/", 1)[0]
    return f"{base}/{name}", name


def drop_postgres_database(name: str) -> None:
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def need_postgres(error: Exception) -> None:
    # In CI a missing PostgreSQL is a failure, never a silent skip.
    if IN_CI:
        pytest.fail(f"PostgreSQL is required in CI but unavailable: {error}")
    pytest.skip(f"PostgreSQL unavailable: {error}")


@contextmanager
def empty_database(kind: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A new, empty database of the given kind, dropped afterwards."""
    if kind == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
        return
    try:
        url, name = fresh_postgres_database()
    except PostgresUnavailable as error:
        need_postgres(error)
        return
    try:
        yield url
    finally:
        drop_postgres_database(name)


# The migrated, never opened original of each shared test database, by the shared one's URL.
TEMPLATES: dict[str, str] = {}


@contextmanager
def cloned_database(template: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A copy of a migrated database, dropped afterwards: migrating once per backend is enough."""
    if template.startswith("sqlite"):
        target = tmp_path_factory.mktemp("db") / "clone.db"
        source = sqlite3.connect(template.removeprefix("sqlite:///"))
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)
        finally:
            copy.close()
            source.close()
        yield f"sqlite:///{target}"
        return
    name = f"{template.rsplit('/', 1)[1]}_{secrets.token_hex(3)}"
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template.rsplit("/", 1)[1]}"')
    try:
        yield f"{template.rsplit('/', 1)[0]}/{name}"
    finally:
        drop_postgres_database(name)


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    with empty_database(request.param, tmp_path_factory) as template:
        migrate.upgrade(template)
        with cloned_database(template, tmp_path_factory) as url:
            TEMPLATES[url] = template
            yield url


@pytest.fixture
def committed_database_url(
    database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A database of the test's own, for tests that commit (threads, several connections):
    what they leave behind would otherwise show up in the shared database's later tests."""
    with cloned_database(TEMPLATES[database_url], tmp_path_factory) as url:
        yield url


@pytest.fixture
def committed_engine(committed_database_url: str) -> Iterator[Engine]:
    # The writers of a race test must meet in the database, not queue in the process.
    engine = make_engine(committed_database_url, queue_writers=False)
    yield engine
    engine.dispose()


@pytest.fixture
def one_connection(committed_database_url: str) -> Iterator[Engine]:
    # One pooled connection: each session or connection gets the one the last gave back.
    engine = make_engine(committed_database_url, pool_size=1, max_overflow=0)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def connection(engine: Engine) -> Iterator[Connection]:
    with engine.connect() as connection:
        outer = connection.begin()
        yield connection
        outer.rollback()


@pytest.fixture
def sessions(connection: Connection) -> sessionmaker[Session]:
    return sessionmaker(
        bind=connection,
        join_transaction_mode="create_savepoint",
        expire_on_commit=False,
        info={"audit_key": AUDIT_KEY},
    )


@pytest.fixture
def session(sessions: sessionmaker[Session]) -> Iterator[Session]:
    with sessions() as session:
        yield session


@contextmanager
def recorded_statements(bind: Engine | Connection) -> Iterator[list[str]]:
    """The SQL sent through `bind` while the block runs (for query-count tests)."""
    statements: list[str] = []

    def record(*args: Any) -> None:
        statements.append(str(args[2]))

    event.listen(bind, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(bind, "before_cursor_execute", record)


def reads(statements: list[str]) -> int:
    """The statements that read; the test transaction's SAVEPOINTs are not a page's work."""
    return sum(1 for s in statements if s.lstrip().upper().startswith(("SELECT", "WITH")))


@functools.cache
def _hash(password: str) -> str:
    # Cheap under test (KLUSTERFAS_FAST_PASSWORD_HASH), but still: one hash per password.
    return passwords.hash_password(password)


def make_user(session: Session, email: str, role: Role, name: str | None = None) -> User:
    user = User(
        email=email,
        name=name or email.split("@")[0].title(),
        role=role,
        password_hash=_hash(PASSWORD),
    )
    session.add(user)
    session.commit()
    return user


@dataclass
class People:
    admin: User
    support: User
    leader: User  # in the process-leadership group of `initiative`
    outsider: User  # a leadership user of another initiative
    funder: User


@pytest.fixture
def people(session: Session) -> People:
    return People(
        admin=make_user(session, "admin@example.se", Role.ADMIN, "Ada Admin"),
        support=make_user(session, "support@example.se", Role.SUPPORT, "Sara Stöd"),
        leader=make_user(session, "leader@example.se", Role.LEADERSHIP, "Lars Ledare"),
        outsider=make_user(session, "outsider@example.se", Role.LEADERSHIP, "Olle Utanför"),
        funder=make_user(session, "funder@example.se", Role.FUNDER, "Frida Finansiär"),
    )


@pytest.fixture
def initiative(session: Session, people: People) -> Iterator[Initiative]:
    created = initiatives.create_initiative(
        session, actor=people.support, name="Textilnoden", region="Västra Götaland"
    )
    session.add(Membership(initiative_id=created.id, user_id=people.leader.id))
    session.add(Funding(initiative_id=created.id, user_id=people.funder.id))
    session.commit()
    yield created
    readiness_agrees(session)


def readiness_agrees(session: Session) -> None:
    """`klusterfas db check` after the scenario: whatever the test did through the app, the
    stored readiness still agrees with the item states it was computed from."""
    session.rollback()  # a savepoint the test left open or failed; its commits stay
    session.expire_all()
    try:
        problems = list(readiness_check(session, clock.today()))
    except UnknownModelVersion:
        return  # the test's own phase model, unregistered by now: nothing to compare with
    assert not problems, "stored readiness differs after the test:\n" + "\n".join(problems)


UPLOAD_MAX_BYTES = 200_000  # small, so the size cap is cheap to test


# One app per database for the whole run, bound to each test's settings and sessions:
# FastAPI prepares every route of a new app on its first request, which was about 40 % of
# the suite's time. Its middleware's settings are the same for every test.
APPS: dict[str, FastAPI] = {}


@pytest.fixture
def app(database_url: str, sessions: sessionmaker[Session], tmp_path: Path) -> FastAPI:
    settings = Settings(
        audit_key=AUDIT_KEY,
        database_url=database_url,
        secret_key="test-secret",
        secure_cookies=False,
        session_max_age=3600,
        data_dir=tmp_path / "data",
        upload_max_bytes=UPLOAD_MAX_BYTES,
    )
    if database_url not in APPS:
        APPS[database_url] = create_app(settings, sessions=sessions)
    shared = APPS[database_url]
    bind_state(shared, settings, sessions)
    return shared


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, base_url="http://testserver") as client:
        yield client


CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)">')


def csrf_of(html: str) -> str:
    match = CSRF_META.search(html)
    assert match, "page has no CSRF token"
    return match.group(1)


def login(client: TestClient, user: User) -> str:
    """Log in through the form; return the session's CSRF token."""
    page = client.get("/login")
    response = client.post(
        "/login",
        data={"email": user.email, "password": PASSWORD, "csrf_token": csrf_of(page.text)},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    # Any signed-in page carries the token; the accessibility statement is the cheapest.
    return csrf_of(client.get("/tillganglighet").text)


def bearer(session: Session, user: User) -> dict[str, str]:
    # Minted directly, not through accounts.create_token (tests/accounts test that): its
    # audit entry would shift the counts of tests that check what a request recorded.
    # Marked as just used, too: the once-a-minute last-use write stays out of the tests
    # that count a request's statements.
    token, now = passwords.new_token(), datetime.now(UTC)
    digest = passwords.token_digest(token)
    session.add(
        ApiToken(
            user_id=user.id, token_hash=digest, expires_at=now + timedelta(days=1), last_used_at=now
        )
    )
    session.commit()
    return {"Authorization": f"Bearer {token}"}


REPO_ROOT = Path(__file__).resolve().parent.parent


# --- a derived phase-model version, published and registered only while a test needs it ---

# The version new initiatives start on (the `initiative` fixture's): the derived one's base.
BASE_VERSION = phases.latest_version()
DERIVED_VERSION = "klusterutveckling/test-2"
REWORDED = "starting_point.results.critical_mass"
ADDED = "starting_point.results.regional_mandate"
REMOVED = "starting_point.results.academic_openness"
NOW_REQUIRED = "initiation.events.strategic_idea"


def derived_model() -> PhaseModel:
    """The base version with one item reworded, one added, one removed and one made
    required."""
    base = get_model(BASE_VERSION)
    start = base.phase(Phase.STARTING_POINT)
    assert start is not None
    return derive(
        base,
        DERIVED_VERSION,
        reword={
            REWORDED: Text(
                "Kritisk massa av företag i regionen", "A critical mass of companies in the region"
            )
        },
        add=[
            Item(
                ADDED,
                Phase.STARTING_POINT,
                start.checklists[0].category,
                Text("Regionalt mandat", "A regional mandate"),
                required=True,
                evidence=Evidence.NOTE,
            )
        ],
        remove=[REMOVED],
        required={NOW_REQUIRED: True},
    )


@pytest.fixture
def derived(tmp_path: Path) -> Iterator[PhaseModel]:
    """The derived version, published to a copy of published.json and registered (then not)."""
    path = tmp_path / "published.json"
    shutil.copy(registry.PUBLISHED_PATH, path)
    model = derived_model()
    record = registry.publish(model, module="tests.conftest", on=date(2026, 11, 24), path=path)
    phases.register(model, record)
    try:
        yield model
    finally:
        phases.unregister(model.version)
