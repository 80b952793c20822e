"""Pooled connections on PostgreSQL (app.db): one idle for a while is pinged as it is taken
and replaced if the server dropped it; one just given back is used without a ping."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from app.db import PING_AFTER_IDLE_S, make_engine

# SQLite has no server to drop a connection.
pytestmark = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)


def _backend(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text("SELECT pg_backend_pid()")).scalar_one())


def _cut(engine: Engine, pid: int) -> None:
    """Drop the server's end of a pooled connection, as a restart would."""
    other = make_engine(engine.url.render_as_string(hide_password=False), pool_size=1)
    try:
        with other.connect() as connection:
            connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    finally:
        other.dispose()
    time.sleep(0.05)  # the backend exits


def test_a_connection_idle_for_a_while_is_pinged_and_replaced_if_gone(
    one_connection: Engine,
) -> None:
    pid = _backend(one_connection)
    _cut(one_connection, pid)
    time.sleep(PING_AFTER_IDLE_S + 0.1)
    assert _backend(one_connection) != pid  # no error: the ping found it gone


def test_a_connection_just_given_back_is_used_without_a_ping(one_connection: Engine) -> None:
    """The round trip a request saves; the price: a connection cut in that second fails the
    statement that finds out (a 503 for a request: app.db.unavailable), and the pool
    starts afresh."""
    pid = _backend(one_connection)
    _cut(one_connection, pid)
    with pytest.raises(DBAPIError) as raised:
        _backend(one_connection)
    assert raised.value.connection_invalidated
    assert _backend(one_connection) != pid
