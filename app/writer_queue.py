"""The queue of this process's writers (app.uow takes a place in it for every unit of
work): a lock per engine that the threads waiting for it get in the order they came."""

from __future__ import annotations

import threading
import weakref
from collections import deque
from dataclasses import dataclass

from sqlalchemy import Engine


class WriterQueue:
    """A reentrant lock that the threads waiting for it get in the order they came.
    threading.RLock lets in whichever thread the scheduler wakes first: under 16 writers
    some waited for the others twice over, and the slowest saves took 1.5 times as long
    as with this queue (bench/scale.py)."""

    def __init__(self) -> None:
        self._mutex = threading.Lock()
        self._waiting: deque[tuple[threading.Lock, int]] = deque()
        self._owner: int | None = None
        self._depth = 0

    def acquire(self, timeout: float) -> bool:
        me = threading.get_ident()
        with self._mutex:
            if self._owner in (None, me):
                self._owner, self._depth = me, self._depth + 1
                return True
            turn = threading.Lock()
            turn.acquire()
            self._waiting.append((turn, me))
        if turn.acquire(timeout=timeout):
            return True  # handed over by `release`
        with self._mutex:
            if (turn, me) in self._waiting:
                self._waiting.remove((turn, me))
                return False
        return True  # handed over as the wait ran out

    def release(self) -> None:
        with self._mutex:
            self._depth -= 1
            if self._depth:
                return
            if self._waiting:
                turn, self._owner = self._waiting.popleft()
                self._depth = 1
                turn.release()
            else:
                self._owner = None


@dataclass(frozen=True)
class _Writers:
    lock: WriterQueue
    wait_s: float


# Writers meet one at a time anyway: SQLite lets one in at a time, and on PostgreSQL every
# audited write takes the audit chain's head row. Waiting there goes badly under many
# threads: SQLite's writer sleeps and polls (1 ms, 2 ms, … up to 100 ms a try) and can lose
# for seconds; PostgreSQL's holder of the head row waits for the GIL between statements
# while the others queue behind it. The threads of this process queue on a lock instead
# and go in as soon as it is free; other processes still meet in the database.
_WRITERS: weakref.WeakKeyDictionary[Engine, _Writers] = weakref.WeakKeyDictionary()


def queue_writers_of(engine: Engine, wait_s: float) -> None:
    """From now on, the units of work of this process that write through `engine` queue."""
    _WRITERS[engine] = _Writers(WriterQueue(), wait_s)


def acquire_writer(bind: object) -> WriterQueue | None:
    """Queue this thread for the engine's write lock (engines of make_engine only); the
    lock to release once the transaction has ended, or None. After the busy or lock
    timeout the thread goes on without it, to meet the database's own wait and its error."""
    writers = _WRITERS.get(bind) if isinstance(bind, Engine) else None
    if writers is None or not writers.lock.acquire(timeout=writers.wait_s):
        return None
    return writers.lock
