"""An initiative's audit timeline, filtered by phase, actor and action: two queries."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.audit import queries as audit_queries
from app.models.audit import AuditEntry
from app.phases import Phase

FILTERS = ("phase", "actor", "action")


@dataclass(frozen=True)
class Timeline:
    entries: Sequence[AuditEntry]
    filters: dict[str, str]
    actors: list[str]  # every actor and action of this initiative, for the filter choices
    actions: list[str]
    phases: list[str]


def clean_filters(params: Mapping[str, str | None]) -> dict[str, str]:
    """Blank filters dropped; an unknown phase is kept, so it matches nothing."""
    return {name: value.strip() for name in FILTERS if (value := params.get(name) or "").strip()}


def timeline(session: Session, initiative_id: int, params: Mapping[str, str | None]) -> Timeline:
    filters = clean_filters(params)
    entries = audit_queries.audit_entries(session, initiative_id, **filters)
    pairs = session.execute(
        select(AuditEntry.actor, AuditEntry.action)
        .where(AuditEntry.initiative_id == initiative_id)
        .distinct()
    ).all()
    return Timeline(
        entries=entries,
        filters=filters,
        actors=sorted({actor for actor, _ in pairs}),
        actions=sorted({action for _, action in pairs}),
        phases=[p.value for p in Phase],
    )


def entry_json(entry: AuditEntry) -> dict[str, object]:
    return {
        "seq": entry.seq,
        "at": entry.at.isoformat(),
        "actor": entry.actor,
        "action": entry.action,
        "target_type": entry.target_type,
        "target_id": entry.target_id,
        "phase": entry.phase,
        "before": entry.before,
        "after": entry.after,
        "mac": entry.mac,
    }
