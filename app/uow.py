"""The unit of work: the one place that begins, commits and rolls back a write.

Every use-case that writes is decorated with `unit_of_work`. It takes the write
lock first (BEGIN IMMEDIATE on SQLite), commits when the use-case returns and
rolls back when it raises, so no caller ever commits or rolls back itself.
A use-case called from inside another joins the outer unit of work.

Whatever fails (the lock itself, the use-case, the commit), the transaction is
rolled back before the exception leaves, so a failed request never keeps the
write lock. A write that lost a race at the database (a unique key taken
meanwhile, a deadlock or serialization failure on PostgreSQL) is a Conflict (409).

Lock order, so that two units of work never wait for each other: an initiative's row
first (`lock_initiative`, or the conditional UPDATE a use-case writes it with, noted by
`hold`), then the audit head, last of all: the audit entries join the chain just before
the commit (`before_commit`, app.audit.log).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Concatenate, ParamSpec, TypeVar

from sqlalchemy import Connection, event, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import ORMExecuteState, Session

from app.errors import Conflict
from app.models.initiatives import Initiative
from app.writer_queue import acquire_writer

P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T")
_ACTIVE = "unit_of_work_active"
_HELD = "unit_of_work_locks"  # what the unit of work has locked so far
_BEFORE_COMMIT = "unit_of_work_before_commit"

# PostgreSQL: a unique key or a referred-to row taken or gone meanwhile, a deadlock, a
# serialization failure; SQLite names the first two its own way.
RACE_STATES = frozenset({"23505", "23503", "40P01", "40001"})
RACE_NAMES = frozenset(
    {"SQLITE_CONSTRAINT_UNIQUE", "SQLITE_CONSTRAINT_PRIMARYKEY", "SQLITE_CONSTRAINT_FOREIGNKEY"}
)


def _take_write_lock(session: Session) -> None:
    """On SQLite, take the write lock up front, so that a use-case that reads and
    then writes never fails on a lock upgrade under concurrent writers.

    PostgreSQL needs nothing here: races are settled by conditional updates and row
    locks (`locked`).
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


def lost_race(error: BaseException) -> Conflict | None:
    """The Conflict a database error means when another writer got there first."""
    if not isinstance(error, DBAPIError):
        return None
    state = getattr(error.orig, "sqlstate", None) or getattr(error.orig, "sqlite_errorname", None)
    if state in RACE_STATES or state in RACE_NAMES:
        return Conflict(
            "Someone else changed this at the same moment: reload and try again.",
            code="concurrent_change",
        )
    return None


@contextmanager
def writing(session: Session) -> Iterator[Session]:
    """One write transaction: commit on success, roll back on any exception."""
    if session.info.get(_ACTIVE):
        yield session  # joined: the outermost unit of work commits
        return
    session.info[_ACTIVE] = True
    session.info[_HELD] = set()
    writer = acquire_writer(session.get_bind())
    try:
        _take_write_lock(session)
        yield session
        for action, items in session.info.pop(_BEFORE_COMMIT, {}).items():
            action(session, items)
        session.commit()
    except BaseException as error:
        _roll_back(session)
        conflict = lost_race(error)
        if conflict is not None:
            raise conflict from error
        raise
    finally:
        session.info[_ACTIVE] = False
        session.info.pop(_HELD, None)
        session.info.pop(_BEFORE_COMMIT, None)
        if writer is not None:
            writer.release()


def before_commit(session: Session, action: Callable[[Session, list[T]], None]) -> list[T] | None:
    """A list that `action` gets, once, after the use-case and just before its unit of work
    commits (a lock every writer needs is then taken last, and held briefly); None outside
    a unit of work. A unit of work that fails drops the list unused."""
    if not session.info.get(_ACTIVE):
        return None
    pending: dict[Callable[[Session, list[T]], None], list[T]]
    pending = session.info.setdefault(_BEFORE_COMMIT, {})
    return pending.setdefault(action, [])


def _roll_back(session: Session) -> None:
    try:
        session.rollback()
    except DBAPIError:
        # The connection itself is gone (an outage): let go of it; the first error says why.
        session.close()


def unit_of_work(
    use_case: Callable[Concatenate[Session, P], R],
) -> Callable[Concatenate[Session, P], R]:
    """Run the use-case (whose first argument is the session) in one write transaction."""

    @functools.wraps(use_case)
    def run(session: Session, /, *args: P.args, **kwargs: P.kwargs) -> R:
        with writing(session):
            return use_case(session, *args, **kwargs)

    return run


def locked(session: Session, entity: type[T], ident: object) -> T | None:
    """The row, read again and locked until the unit of work ends (SELECT … FOR UPDATE on
    PostgreSQL; SQLite's writers are one at a time already). Of concurrent requests that
    change the same row, each then sees what the one before it left."""
    return session.get(entity, ident, with_for_update=True, populate_existing=True)


def end_read(session: Session) -> None:
    """End a transaction that only read (nothing is pending), so that the connection does
    not sit in it while the request waits on something slow, such as an upload arriving.
    Never a unit of work's (whose flushed writes leave nothing pending): it commits them."""
    if session.info.get(_ACTIVE):
        return
    if session.in_transaction() and not (session.new or session.dirty or session.deleted):
        session.commit()


def end_request(session: Session) -> None:
    """End a request's transaction once it has answered. One that only read ends with COMMIT
    rather than ROLLBACK: psycopg forgets every prepared statement at a ROLLBACK (it cannot
    tell what DDL that undid), so PostgreSQL parsed and planned every statement of every
    request anew. One that wrote outside a unit of work (a bug) is rolled back, as ever."""
    try:
        if session.info.pop(_STRAY, False):
            session.rollback()
        else:
            end_read(session)
    except DBAPIError:
        session.close()  # the connection is gone; the answer has gone out already


# A write outside any unit of work: a flush, or an INSERT, UPDATE or DELETE statement.
_STRAY = "written_outside_unit_of_work"


@event.listens_for(Session, "after_flush")
def _flushed(session: Session, _context: object) -> None:
    if not session.info.get(_ACTIVE):
        session.info[_STRAY] = True


@event.listens_for(Session, "do_orm_execute")
def _executed(state: ORMExecuteState) -> None:
    if (state.is_insert or state.is_update or state.is_delete) and not state.session.info.get(
        _ACTIVE
    ):
        state.session.info[_STRAY] = True


def reload_after_failure(session: Session, instance: object) -> None:
    """Load `instance` again after a request failed: its unit of work rolled back (which
    expired it) or the database aborted the transaction (a timeout). An error page can then
    still show who is signed in, in their language. If the database cannot answer, the
    instance stays expired and the page does without it."""
    try:
        if session.in_transaction():
            session.rollback()
        session.refresh(instance)
    except DBAPIError:
        session.close()


def hold(session: Session, lock: object) -> None:
    """Note a lock the unit of work now holds until it ends (a row it updated or locked)."""
    held = session.info.get(_HELD)
    if held is not None:
        held.add(lock)


def holds(session: Session, lock: object) -> bool:
    return lock in session.info.get(_HELD, ())


def lock_initiative(session: Session, initiative_id: int) -> None:
    """Lock the initiative's row until the unit of work ends, unless it holds it already.

    Every use-case takes it before the audit head, so of two writers to one initiative
    neither ever holds what the other waits for (a deadlock on PostgreSQL). FOR NO KEY
    UPDATE: rows that merely refer to the initiative (evidence, entries) do not wait.
    SQLite's writers are one at a time already."""
    if holds(session, (Initiative, initiative_id)):
        return
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            select(Initiative.id)
            .where(Initiative.id == initiative_id)
            .with_for_update(key_share=True)
        )
    hold(session, (Initiative, initiative_id))
