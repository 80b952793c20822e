"""Take, renew and give back a job's lease; run a job only while holding it.

`acquire` is one conditional upsert: it inserts the lease, or takes it over when it
has run out or is the caller's own, and returns the row only if the caller now holds
it. On PostgreSQL a concurrent taker waits on the row and then re-checks the
condition against the winner's row; on SQLite the unit of work's BEGIN IMMEDIATE
serialises takers. Either way exactly one of N concurrent callers gets the lease.
"""

from __future__ import annotations

import os
import secrets
import socket
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Generic, TypeVar

from sqlalchemy import delete, or_
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from app.jobs import queries
from app.jobs.rules import Lease, checked_hold, checked_holder, checked_name
from app.models.jobs import JobLease
from app.records import record_audit
from app.uow import unit_of_work

T = TypeVar("T")


def holder_id() -> str:
    """This process, as a lease holder: host, process id and a random tag."""
    return f"{socket.gethostname()[:120]}:{os.getpid()}:{secrets.token_hex(4)}"


@unit_of_work
def acquire(
    session: Session,
    *,
    name: str,
    holder: str,
    hold: timedelta,
    now: datetime | None = None,
) -> Lease | None:
    """The lease, held by `holder` until now + hold; None if someone else holds it."""
    name, holder, hold = checked_name(name), checked_holder(holder), checked_hold(hold)
    now = now or datetime.now(UTC)
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    row = insert(JobLease).values(name=name, holder=holder, expires_at=now + hold)
    statement = row.on_conflict_do_update(
        index_elements=[JobLease.name],
        set_={"holder": row.excluded.holder, "expires_at": row.excluded.expires_at},
        where=or_(JobLease.expires_at <= now, JobLease.holder == row.excluded.holder),
    ).returning(JobLease.holder)
    if session.execute(statement).scalar_one_or_none() != holder:
        return None
    lease = Lease(name, holder, now + hold)
    after = {"holder": holder, "expires_at": lease.expires_at}
    record_audit(
        session, None, action="job.lease", actor=None, target=("job", name), after=after, at=now
    )
    return lease


@unit_of_work
def release(session: Session, *, name: str, holder: str) -> bool:
    """Give the lease back early (a failed run), so another node may run the job."""
    result = session.execute(
        delete(JobLease).where(JobLease.name == name, JobLease.holder == holder)
    )
    released = bool(getattr(result, "rowcount", 0))
    if released:
        before = {"holder": holder}
        record_audit(
            session, None, action="job.release", actor=None, target=("job", name), before=before
        )
    return released


@dataclass(frozen=True)
class JobRun(Generic[T]):
    ran: bool
    result: T | None = None
    lease: Lease | None = None  # ours when it ran, else the holder's (if still there)


def run_exclusive(
    session: Session,
    *,
    name: str,
    hold: timedelta,
    job: Callable[[], T],
    holder: str | None = None,
) -> JobRun[T]:
    """Run `job` if this caller takes the lease; otherwise skip it.

    A run that succeeds keeps the lease until it expires, so the same job started by
    cron on another node within `hold` is skipped; a run that fails gives it back.
    """
    holder = holder or holder_id()
    lease = acquire(session, name=name, holder=holder, hold=hold)
    if lease is None:
        return JobRun(ran=False, lease=queries.current_lease(session, name))
    try:
        result = job()
    except BaseException:
        release(session, name=name, holder=holder)
        raise
    return JobRun(ran=True, result=result, lease=lease)
