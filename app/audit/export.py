"""One initiative as JSON for its audit pack: the initiative, items with evidence,
transitions, gate reviews with snapshots, conditions and its audit entries."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from app.access import queries as access_queries
from app.audit import log as audit_log
from app.audit import queries as audit_queries
from app.audit.snapshots import evidence_json, item_json
from app.clock import today
from app.evidence.queries import served_by
from app.initiatives import queries as initiative_queries
from app.initiatives.queries import phase_state
from app.models.audit import AuditEntry
from app.models.initiatives import Initiative, Transition
from app.models.reviews import GateReview, ReviewCondition
from app.phases import get_model
from app.reviews import queries as review_queries


def _iso(value: datetime | None) -> str | None:
    return value.astimezone(UTC).isoformat() if value else None


# The fields an entry's MAC covers, in the order app.audit.entry_fields gives them.
ENTRY_FIELDS = ("seq", "at", "actor_id", "actor", "action", "target_type", "target_id",
                "initiative_id", "phase", "before", "after", "prev_mac")  # fmt: skip


def entry_json(entry: AuditEntry) -> dict[str, Any]:
    """An audit entry with exactly the fields its MAC covers, plus the MAC."""
    return {**dict(zip(ENTRY_FIELDS, audit_log.entry_fields(entry), strict=True)), "mac": entry.mac}


def entry_fields_of(data: dict[str, Any]) -> list[Any]:
    return [data.get(name) for name in ENTRY_FIELDS]


def _transition(t: Transition) -> dict[str, Any]:
    return {
        "id": t.id,
        "trigger": t.trigger,
        "from_phase": t.from_phase.value,
        "to_phase": t.to_phase.value,
        "reason": t.reason,
        "actor": t.actor.email if t.actor else None,
        "created_at": _iso(t.created_at),
        "gate_snapshot": t.gate_snapshot,
    }


def _review(r: GateReview) -> dict[str, Any]:
    return {
        "id": r.id,
        "phase": r.phase.value,
        "model_version": r.model_version,
        "status": r.status,
        "requested_by": r.requested_by.email if r.requested_by else None,
        "requested_at": _iso(r.requested_at),
        "request_note": r.request_note,
        "outcome": r.outcome,
        "rationale": r.rationale,
        "decided_by": r.decided_by.email if r.decided_by else None,
        "decided_at": _iso(r.decided_at),
        "snapshot": r.snapshot,
        "snapshot_sha256": r.snapshot_sha256,
        "transition_id": r.transition_id,
    }


def _condition(c: ReviewCondition) -> dict[str, Any]:
    return {
        "id": c.id,
        "review_id": c.review_id,
        "text": c.text,
        "owner": c.owner,
        "due_on": c.due_on.isoformat(),
        "closed_at": _iso(c.closed_at),
        "closed_by": c.closed_by.email if c.closed_by else None,
        "closing_note": c.closing_note,
    }


def initiative_export(session: Session, initiative: Initiative) -> dict[str, Any]:
    """Everything recorded about one initiative, as JSON: a fixed number of queries."""
    model = get_model(initiative.model_version)
    on = today()
    current = phase_state(session, initiative, model)
    served = served_by(current.evidence)
    items = []
    for item in model.items:
        state = current.states.get(item.key)
        entry: dict[str, Any] = {
            "key": item.key,
            "phase": item.phase.value,
            "category": item.category.value,
            "required": item.required,
            "heading": item.heading,  # never ticked; a state on its key predates the version
            "text": {"sv": item.text.sv, "en": item.text.en},
        }
        if state is not None:
            entry.update(item_json(state, current.standings[item.key].value))
        # A piece appears once, under its own item, with every item it serves; the other
        # items it serves name it by id.
        pieces = current.evidence.get(item.key, ())
        entry["evidence"] = [
            {**evidence_json(row, on), "items": served[row.id]}
            for row in pieces
            if row.item_key == item.key
        ]
        entry["shared_evidence"] = [row.id for row in pieces if row.item_key != item.key]
        items.append(entry)
    return {
        "initiative": {
            "id": initiative.id,
            "name": initiative.name,
            "region": initiative.region,
            "sector": initiative.sector,
            "phase": initiative.phase.value,
            "closed_from": initiative.closed_from.value if initiative.closed_from else None,
            "model_version": initiative.model_version,
            "phase_entered_at": _iso(initiative.phase_entered_at),
            "created_at": _iso(initiative.created_at),
        },
        "as_of": on.isoformat(),
        "gate": current.gate.as_dict(),
        "members": [u.email for u in access_queries.members(session, initiative.id)],
        "funders": [u.email for u in access_queries.funders(session, initiative.id)],
        "items": items,
        "transitions": [
            _transition(t) for t in initiative_queries.transitions(session, initiative.id)
        ],
        "gate_reviews": [_review(r) for r in review_queries.gate_reviews(session, initiative.id)],
        "conditions": [_condition(c) for c in current.conditions],
        "audit_entries": [
            entry_json(e) for e in reversed(audit_queries.audit_entries(session, initiative.id))
        ],
    }
