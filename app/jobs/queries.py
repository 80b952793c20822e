from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.jobs.rules import Lease
from app.models.jobs import JobLease


def current_lease(session: Session, name: str) -> Lease | None:
    row = session.scalar(select(JobLease).where(JobLease.name == name))
    return None if row is None else Lease(row.name, row.holder, row.expires_at)


def leases(session: Session) -> list[Lease]:
    rows = session.scalars(select(JobLease).order_by(JobLease.name))
    return [Lease(row.name, row.holder, row.expires_at) for row in rows]
