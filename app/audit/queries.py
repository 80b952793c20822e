from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import (
    select,
)
from sqlalchemy.orm import Session

from app.models.audit import AuditEntry


def audit_entries(
    session: Session,
    initiative_id: int,
    *,
    phase: str | None = None,
    actor: str | None = None,
    action: str | None = None,
) -> Sequence[AuditEntry]:
    query = select(AuditEntry).where(AuditEntry.initiative_id == initiative_id)
    if phase:
        query = query.where(AuditEntry.phase == phase)
    if actor:
        query = query.where(AuditEntry.actor == actor)
    if action:
        query = query.where(AuditEntry.action == action)
    return session.scalars(query.order_by(AuditEntry.seq.desc())).all()
