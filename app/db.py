"""Engine, sessions and the declarative base; the timeouts that keep a request from
waiting for ever, and which database errors mean "unavailable, try again"."""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson
from sqlalchemy import (
    Connection,
    DateTime,
    Dialect,
    Engine,
    MetaData,
    Table,
    create_engine,
    event,
)
from sqlalchemy.exc import DBAPIError, DisconnectionError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import TypeDecorator

from app import postgres_cursor
from app.writer_queue import queue_writers_of

# Stable constraint names, so Alembic's batch mode on SQLite and PostgreSQL agree.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """An aware UTC datetime on every database (SQLite hands back naive values)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime: give a timezone-aware value")
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def table_of(model: type[Base]) -> Table:
    """A model's table, for a statement that wants none of the ORM. An UPDATE of the table
    skips the ORM's bulk-update path: 0.2 ms against 0.5 ms on PostgreSQL, per save."""
    table = model.__table__
    assert isinstance(table, Table)
    return table


def normalise_url(url: str) -> str:
    # Plain postgresql:// URLs mean psycopg 3 here, not psycopg2.
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


@dataclass(frozen=True)
class Timeouts:
    """How long one statement may run and how long it may wait for a lock (PostgreSQL;
    0 is no limit), how long a writer waits for SQLite's lock, how long a connection
    may take. The web app sets all of them (app.config); the console script's long jobs
    (migrations, backups) keep the defaults, which limit only the waits."""

    statement_ms: int = 0
    lock_ms: int = 0
    busy_ms: int = 15_000
    connect_s: int = 10


POOL_SIZE = 20


def make_engine(
    url: str,
    *,
    timeouts: Timeouts | None = None,
    queue_writers: bool = True,
    pool_size: int | None = None,
    **kwargs: Any,
) -> Engine:
    """An engine with the timeouts; `queue_writers`: this process's units of work write one
    at a time (`acquire_writer`). The race tests turn that off, so that their writers meet
    in the database, as those of several processes do. `pool_size`: the
    connections kept open (PostgreSQL: POOL_SIZE unless given)."""
    url = normalise_url(url)
    timeouts = timeouts or Timeouts()
    on_sqlite = url.startswith("sqlite")
    if not on_sqlite:
        # A connection for each request served at once (uvicorn's threads): with
        # SQLAlchemy's 5, a burst of 16 saves opened and closed one for most of them.
        pool_size = pool_size or POOL_SIZE
    if pool_size is not None:
        kwargs.setdefault("pool_size", pool_size)
    # The stored figures are JSON: an export of 10,000 initiatives reads 10,000 of them.
    kwargs.setdefault("json_deserializer", _json_loads)
    if on_sqlite:
        kwargs.setdefault(
            "connect_args", {"check_same_thread": False, "timeout": timeouts.busy_ms / 1000}
        )
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas(timeouts.busy_ms))
        event.listen(engine, "begin", _sqlite_begin)
        wait_ms = timeouts.busy_ms
    else:
        kwargs.setdefault("connect_args", _postgres_options(timeouts))
        engine = create_engine(url, **kwargs)
        _ping_when_idle(engine)
        wait_ms = timeouts.lock_ms or 5_000  # none set (the console script): 5 s
    if queue_writers:
        queue_writers_of(engine, wait_ms / 1000)
    return engine


# A connection back from a request less than this long ago is taken as alive; one idle
# longer is pinged as it is taken from the pool, and replaced if the server has gone
# (restarted, or the connection cut meanwhile). SQLAlchemy's pre-ping asks every time:
# a round trip per transaction, three for an item save.
PING_AFTER_IDLE_S = 1.0


def _ping_when_idle(engine: Engine) -> None:
    def connected(_dbapi_connection: Any, record: Any) -> None:
        record.info["idle_since"] = time.monotonic()

    def checked_out(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        since = record.info.pop("idle_since", None)
        if since is not None and time.monotonic() - since < PING_AFTER_IDLE_S:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except Exception as error:
            # The pool throws this connection away and takes or makes another.
            raise DisconnectionError(f"a pooled connection is gone: {error}") from error

    event.listen(engine, "connect", connected)
    event.listen(engine, "checkout", checked_out)
    event.listen(engine, "checkin", connected)  # idle from now


def _json_loads(text: str | bytes) -> Any:
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:  # NaN or Infinity, which json.dumps writes by default
        return json.loads(text)


def _postgres_options(timeouts: Timeouts) -> dict[str, Any]:
    options = [
        f"-c {name}={value}"
        for name, value in (
            ("statement_timeout", timeouts.statement_ms),
            ("lock_timeout", timeouts.lock_ms),
        )
        if value
    ]
    # No JIT: the portfolio's correlated look-ups inflate the planner's cost estimate past
    # the JIT threshold, and compiling them costs more than running them (bench/portfolio.py);
    # no other statement here is large enough to gain from it.
    options.append("-c jit=off")
    connect: dict[str, Any] = {
        "connect_timeout": timeouts.connect_s,
        "cursor_factory": postgres_cursor.Cursor,  # its description built when read
    }
    if options:
        connect["options"] = " ".join(options)
    return connect


# PostgreSQL's SQLSTATEs of "not now": a statement or lock timeout, the server shutting
# down or refusing connections, too many connections; class 08 is the connection itself.
UNAVAILABLE_STATES = frozenset({"57014", "55P03", "57P01", "57P02", "57P03", "53300", "53400"})
SQLITE_UNAVAILABLE = ("database is locked", "database table is locked", "unable to open")


def unavailable(error: BaseException) -> bool:
    """Whether a database error means the database cannot answer now (down, refusing
    connections, a timeout, SQLite's lock held too long): a 503, not a bug. An error
    raised while handling such a one (the aborted transaction it leaves) counts too."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if _unavailable(current):
            return True
        current = current.__cause__ or current.__context__
    return False


def _unavailable(error: BaseException) -> bool:
    if isinstance(error, PoolTimeout):
        return True
    if not isinstance(error, DBAPIError):
        return False
    if error.connection_invalidated:
        return True
    original = error.orig
    state = getattr(original, "sqlstate", None)
    if state:
        return state in UNAVAILABLE_STATES or state.startswith("08")
    if isinstance(original, sqlite3.Error):
        return any(text in str(original) for text in SQLITE_UNAVAILABLE)
    # psycopg: a connection that could not be made carries no SQLSTATE.
    return type(original).__name__ == "OperationalError"


def _sqlite_pragmas(busy_ms: int) -> Any:
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        _sqlite_setup(dbapi_connection, busy_ms)

    return on_connect


def _sqlite_setup(dbapi_connection: Any, busy_ms: int) -> None:
    # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin:
    # otherwise SAVEPOINTs and BEGIN IMMEDIATE do not work (SQLAlchemy's pysqlite notes).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={int(busy_ms)}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
    # SQLite's own lower() folds ASCII only; searches must also find "Östergötland".
    dbapi_connection.create_function("lower", 1, _lower, deterministic=True)


def _lower(value: object) -> object:
    return value.lower() if isinstance(value, str) else value


def make_sessionmaker(engine: Engine, *, audit_key: str = "") -> sessionmaker[Session]:
    # The audit key rides on each session, so every use-case can extend the chain.
    return sessionmaker(engine, expire_on_commit=False, info={"audit_key": audit_key})


def _sqlite_begin(connection: Connection) -> None:
    mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
    connection.exec_driver_sql(f"BEGIN {mode}")
