"""The unit of work: the one place that begins, commits and rolls back a write.

Every use-case that writes is decorated with `unit_of_work`. It takes the write
lock first (BEGIN IMMEDIATE on SQLite), commits when the use-case returns and
rolls back when it raises, so no caller ever commits or rolls back itself.
A use-case called from inside another joins the outer unit of work.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Concatenate, ParamSpec, TypeVar

from sqlalchemy import Connection
from sqlalchemy.orm import Session

P = ParamSpec("P")
R = TypeVar("R")
_ACTIVE = "unit_of_work_active"


def _take_write_lock(session: Session) -> None:
    """On SQLite, take the write lock up front, so that a use-case that reads and
    then writes never fails on a lock upgrade under concurrent writers.

    PostgreSQL needs nothing here: races are settled by conditional updates.
    """
    bind = session.get_bind()
    if bind.dialect.name != "sqlite" or isinstance(bind, Connection):
        return
    if session.in_transaction():
        if session.new or session.dirty or session.deleted:
            return
        # End the read snapshot (e.g. the login look-up): upgrading it to a
        # writer would fail at once instead of waiting for the lock.
        session.commit()
    session.connection(execution_options={"sqlite_begin": "IMMEDIATE"})


@contextmanager
def writing(session: Session) -> Iterator[Session]:
    """One write transaction: commit on success, roll back on any exception."""
    if session.info.get(_ACTIVE):
        yield session  # joined: the outermost unit of work commits
        return
    _take_write_lock(session)
    session.info[_ACTIVE] = True
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.info[_ACTIVE] = False


def unit_of_work(
    use_case: Callable[Concatenate[Session, P], R],
) -> Callable[Concatenate[Session, P], R]:
    """Run the use-case (whose first argument is the session) in one write transaction."""

    @functools.wraps(use_case)
    def run(session: Session, /, *args: P.args, **kwargs: P.kwargs) -> R:
        with writing(session):
            return use_case(session, *args, **kwargs)

    return run
