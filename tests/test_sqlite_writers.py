"""On SQLite, the units of work of one process queue for the write lock in the process
(app.db.acquire_writer) instead of polling SQLite's lock, and let go of it however the
unit of work ends."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import Engine, event, text
from sqlalchemy.orm import Session

from app.db import Timeouts, acquire_writer, make_engine
from app.uow import writing


@pytest.fixture
def engine(tmp_path: Path) -> Engine:
    engine = make_engine(f"sqlite:///{tmp_path / 'writers.db'}", timeouts=Timeouts(busy_ms=5000))
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE written (writer INTEGER)")
    return engine


def test_a_second_writer_asks_sqlite_only_once_the_first_has_committed(engine: Engine) -> None:
    events: list[str] = []
    first_inside, first_may_go = threading.Event(), threading.Event()

    @event.listens_for(engine, "before_cursor_execute")
    def _begin(conn: object, cursor: object, statement: str, *rest: object) -> None:
        if statement.startswith("BEGIN IMMEDIATE"):
            events.append(f"begin {threading.current_thread().name}")

    @event.listens_for(engine, "commit")
    def _commit(conn: object) -> None:
        events.append(f"commit {threading.current_thread().name}")

    def write(writer: int, hold: bool) -> None:
        with Session(engine) as session, writing(session):
            session.execute(text("INSERT INTO written VALUES (:w)"), {"w": writer})
            if hold:
                first_inside.set()
                assert first_may_go.wait(10)

    first = threading.Thread(target=write, args=(1, True), name="first")
    second = threading.Thread(target=write, args=(2, False), name="second")
    first.start()
    assert first_inside.wait(10)
    second.start()
    second.join(0.3)  # it waits: for the lock of this process, not in SQLite
    assert second.is_alive() and events == ["begin first"]
    first_may_go.set()
    first.join(10)
    second.join(10)
    assert events == ["begin first", "commit first", "begin second", "commit second"]
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM written")).scalar() == 2


def test_the_lock_is_let_go_when_the_unit_of_work_fails(engine: Engine) -> None:
    def failing_use_case() -> None:
        with Session(engine) as session, writing(session):
            session.execute(text("INSERT INTO written VALUES (1)"))
            raise RuntimeError("the use-case failed")

    with pytest.raises(RuntimeError):
        failing_use_case()
    free: list[bool] = []

    def probe() -> None:  # another thread: a lock still held here would block it
        lock = acquire_writer(engine)
        free.append(lock is not None)
        if lock is not None:
            lock.release()

    other = threading.Thread(target=probe)
    other.start()
    other.join(10)
    assert free == [True]
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM written")).scalar() == 0
