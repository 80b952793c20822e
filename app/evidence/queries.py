from __future__ import annotations

from sqlalchemy import (
    select,
)
from sqlalchemy.orm import Session, joinedload

from app.models.evidence import Evidence


def get_evidence(session: Session, evidence_id: int) -> Evidence | None:
    return session.get(Evidence, evidence_id)


def evidence(
    session: Session, initiative_id: int, *, key: str | None = None
) -> dict[str, list[Evidence]]:
    """The evidence of an initiative (or of one item) by item, oldest first: one query."""
    query = select(Evidence).options(joinedload(Evidence.added_by))
    query = query.where(Evidence.initiative_id == initiative_id)
    if key is not None:
        query = query.where(Evidence.item_key == key)
    rows = session.scalars(query.order_by(Evidence.item_key, Evidence.id))
    by_key: dict[str, list[Evidence]] = {}
    for row in rows:
        by_key.setdefault(row.item_key, []).append(row)
    return by_key
