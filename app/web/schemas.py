"""JSON shapes of the API: request bodies and the serialisation of domain objects."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from app.domain.gates import Gate
from app.domain.items import ItemStatus
from app.domain.workflow import Trigger
from app.models import Evidence, GateReview, Initiative, ItemState, ReviewCondition, Transition
from app.phases import MODELS, Item, Phase, PhaseModel, Text


class InitiativeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=200)
    region: str = Field(min_length=1, max_length=120)
    sector: str | None = Field(default=None, max_length=120)


class ItemIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    status: ItemStatus
    note: str | None = None
    link: str | None = None
    justification: str | None = None


class TransitionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    trigger: Trigger
    reason: str | None = None
    expected_phase: Phase | None = Field(
        default=None, description="Refuse with 409 unless the initiative is still in this phase."
    )


def text_json(text: Text) -> dict[str, str]:
    return {"sv": text.sv, "en": text.en}


def item_definition_json(item: Item) -> dict[str, Any]:
    return {
        "key": item.key,
        "phase": item.phase.value,
        "category": item.category.value,
        "text": text_json(item.text),
        "required": item.required,
        "evidence": item.evidence.value,
    }


def phase_model_json(model: PhaseModel) -> dict[str, Any]:
    return {
        "version": model.version,
        "title": text_json(model.title),
        "source": model.source,
        "phases": [
            {
                "key": spec.phase.value,
                "name": text_json(spec.name),
                "checklists": [
                    {
                        "category": checklist.category.value,
                        "title": text_json(checklist.title),
                        "items": [item_definition_json(i) for i in checklist.items],
                    }
                    for checklist in spec.checklists
                ],
            }
            for spec in model.phases
        ],
    }


def evidence_json(row: Evidence) -> dict[str, Any]:
    return {
        "id": row.id,
        "item": row.item_key,
        "kind": row.kind,
        "note": row.note,
        "url": row.url,
        "file_name": row.file_name,
        "media_type": row.media_type,
        "size_bytes": row.size_bytes,
        "sha256": row.file_sha256,
        "download": f"/evidence/{row.id}/download" if row.file_sha256 else None,
        "effective_on": row.effective_on.isoformat(),
        "expires_on": row.expires_on.isoformat() if row.expires_on else None,
        "added_by": row.added_by.email if row.added_by else None,
        "added_at": row.added_at.isoformat(),
        "withdrawn_at": row.withdrawn_at.isoformat() if row.withdrawn_at else None,
        "withdrawal_reason": row.withdrawal_reason,
    }


def item_json(
    item: Item,
    state: ItemState | None,
    standing: str | None = None,
    evidence: list[Evidence] | None = None,
) -> dict[str, Any]:
    status = (state.status if state else ItemStatus.OPEN).value
    return {
        "standing": standing or status,
        "needs_confirmation": bool(state and state.needs_confirmation),
        "evidence_items": [evidence_json(e) for e in evidence or ()],
        "key": item.key,
        "phase": item.phase.value,
        "category": item.category.value,
        "required": item.required,
        "evidence": item.evidence.value,
        "status": status,
        "note": state.note if state else None,
        "link": state.link if state else None,
        "justification": state.justification if state else None,
        "updated_by": state.updated_by.email if state and state.updated_by else None,
        "updated_at": state.updated_at.isoformat() if state and state.updated_at else None,
        "model_version": state.model_version if state else None,
    }


def gate_json(gate: Gate) -> dict[str, Any]:
    return gate.as_dict()


def initiative_summary_json(initiative: Initiative) -> dict[str, Any]:
    return {
        "id": initiative.id,
        "name": initiative.name,
        "region": initiative.region,
        "sector": initiative.sector,
        "phase": initiative.phase.value,
        "closed_from": initiative.closed_from.value if initiative.closed_from else None,
        "model_version": initiative.model_version,
        "phase_entered_at": initiative.phase_entered_at.isoformat(),
        "created_at": initiative.created_at.isoformat(),
    }


def initiative_json(
    initiative: Initiative,
    model: PhaseModel,
    states: dict[str, ItemState],
    gate: Gate,
    standings: dict[str, Any] | None = None,
    evidence: dict[str, list[Evidence]] | None = None,
) -> dict[str, Any]:
    standings, evidence = standings or {}, evidence or {}
    return {
        **initiative_summary_json(initiative),
        "items": [
            item_json(item, states.get(item.key), standings.get(item.key), evidence.get(item.key))
            for item in model.items
        ],
        "gate": gate_json(gate),
        # States of items the pinned version no longer has, with their recorded version's text.
        "earlier_items": [
            earlier_item_json(key, state)
            for key, state in sorted(states.items())
            if model.item(key) is None
        ],
    }


def earlier_item_json(key: str, state: ItemState) -> dict[str, Any]:
    old = MODELS.get(state.model_version or "")
    item = old.item(key) if old else None
    return {
        "key": key,
        "model_version": state.model_version,
        "text": text_json(item.text) if item else None,
        "status": state.status.value,
        "note": state.note,
        "link": state.link,
        "justification": state.justification,
        "updated_by": state.updated_by.email if state.updated_by else None,
        "updated_at": state.updated_at.isoformat() if state.updated_at else None,
    }


class ConditionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str
    owner: str
    due_on: date


class DecisionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    outcome: str = Field(description="go, conditional_go, hold or recycle")
    rationale: str
    conditions: list[ConditionIn] = Field(default_factory=list)


class ReviewRequestIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    note: str | None = None


class ConditionCloseIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    note: str


class EvidenceIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: str = Field(description="note or link; upload documents as multipart/form-data")
    note: str | None = None
    url: str | None = None
    effective_on: date | None = None
    expires_on: date | None = None


class WithdrawIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: str


def condition_json(condition: ReviewCondition) -> dict[str, Any]:
    return {
        "id": condition.id,
        "review": condition.review_id,
        "text": condition.text,
        "owner": condition.owner,
        "due_on": condition.due_on.isoformat(),
        "open": condition.closed_at is None,
        "closed_at": condition.closed_at.isoformat() if condition.closed_at else None,
        "closed_by": condition.closed_by.email if condition.closed_by else None,
        "closing_note": condition.closing_note,
    }


def review_json(review: GateReview, *, with_snapshot: bool = True) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": review.id,
        "initiative_id": review.initiative_id,
        "phase": review.phase.value,
        "model_version": review.model_version,
        "status": review.status,
        "requested_by": review.requested_by.email if review.requested_by else None,
        "requested_at": review.requested_at.isoformat(),
        "request_note": review.request_note,
        "outcome": review.outcome,
        "rationale": review.rationale,
        "decided_by": review.decided_by.email if review.decided_by else None,
        "decided_at": review.decided_at.isoformat() if review.decided_at else None,
        "transition_id": review.transition_id,
        "snapshot_sha256": review.snapshot_sha256,
        "conditions": [condition_json(c) for c in review.conditions],
    }
    if with_snapshot:
        body["snapshot"] = review.snapshot
    return body


def transition_json(transition: Transition) -> dict[str, Any]:
    return {
        "id": transition.id,
        "trigger": transition.trigger,
        "from": transition.from_phase.value,
        "to": transition.to_phase.value,
        "reason": transition.reason,
        "actor": transition.actor.email if transition.actor else None,
        "at": transition.created_at.isoformat(),
        "gate_snapshot": transition.gate_snapshot,
    }
