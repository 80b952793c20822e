"""The units of work of one process queue for the write lock in the process
(app.writer_queue.acquire_writer) instead of meeting in the database (SQLite's polling busy
handler, PostgreSQL's row lock on the audit head), and let go of it however the unit of
work ends. The race tests turn the queue off (`queue_writers=False`)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, event, text
from sqlalchemy.orm import Session

from app.db import make_engine
from app.uow import writing
from app.writer_queue import WriterQueue, acquire_writer


@pytest.fixture
def engine(committed_database_url: str) -> Iterator[Engine]:
    engine = make_engine(committed_database_url)  # as the app makes it: writers queue
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE written (writer INTEGER)")
    yield engine
    engine.dispose()


def test_a_second_writer_reaches_the_database_once_the_first_has_committed(
    engine: Engine,
) -> None:
    events: list[str] = []
    first_inside, first_may_go = threading.Event(), threading.Event()

    @event.listens_for(engine, "before_cursor_execute")
    def _write(conn: object, cursor: object, statement: str, *rest: object) -> None:
        if statement.startswith("INSERT INTO written"):
            events.append(f"write {threading.current_thread().name}")

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
    second.join(0.3)  # it waits: for the lock of this process, not in the database
    assert second.is_alive() and events == ["write first"]
    first_may_go.set()
    first.join(10)
    second.join(10)
    assert events == ["write first", "commit first", "write second", "commit second"]
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


def test_a_race_tests_engine_does_not_queue(committed_engine: Engine) -> None:
    assert acquire_writer(committed_engine) is None


def test_writers_get_in_the_order_they_came() -> None:
    queue = WriterQueue()
    assert queue.acquire(timeout=1)
    order: list[int] = []

    def write(writer: int) -> None:
        assert queue.acquire(timeout=10)
        order.append(writer)
        queue.release()

    threads = []
    for writer in range(8):
        thread = threading.Thread(target=write, args=(writer,))
        thread.start()
        threads.append(thread)
        while len(queue._waiting) < writer + 1:  # queued before the next one comes
            time.sleep(0.001)
    queue.release()
    for thread in threads:
        thread.join(10)
    assert order == list(range(8))


def test_a_writer_that_waits_too_long_leaves_the_queue_and_the_holder_may_enter_again() -> None:
    queue = WriterQueue()
    assert queue.acquire(timeout=1) and queue.acquire(timeout=1)  # reentrant
    waited: list[bool] = []
    late = threading.Thread(target=lambda: waited.append(queue.acquire(timeout=0.05)))
    late.start()
    late.join(10)
    assert waited == [False] and not queue._waiting
    queue.release()
    queue.release()
    assert queue.acquire(timeout=0) is True  # free again
    queue.release()
