"""JSON shapes of initiatives: their items, gate and transitions."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from app.domain.gates import Gate
from app.domain.items import ItemStatus
from app.domain.workflow import Trigger
from app.models.evidence import Evidence
from app.models.initiatives import Initiative, ItemState, Transition
from app.phases import MODELS, Item, Phase, PhaseModel
from app.web.api.schemas.common import Body, email_of, iso, text_json
from app.web.api.schemas.evidence import evidence_json


class InitiativeIn(Body):
    name: str = Field(min_length=1, max_length=200)
    region: str = Field(min_length=1, max_length=120)
    sector: str | None = Field(default=None, max_length=120)


class ItemIn(Body):
    status: ItemStatus
    note: str | None = None
    link: str | None = None
    justification: str | None = None


class TransitionIn(Body):
    trigger: Trigger
    reason: str | None = None
    expected_phase: Phase | None = Field(
        default=None, description="Refuse with 409 unless the initiative is still in this phase."
    )


def _recorded(state: ItemState | None) -> dict[str, Any]:
    """What an item's state records, the same for today's items and earlier ones."""
    return {
        "note": state.note if state else None,
        "link": state.link if state else None,
        "justification": state.justification if state else None,
        "updated_by": email_of(state.updated_by) if state else None,
        "updated_at": iso(state.updated_at) if state else None,
    }


def item_json(
    item: Item,
    state: ItemState | None,
    standing: str | None = None,
    evidence: list[Evidence] | None = None,
) -> dict[str, Any]:
    if item.heading:  # shown above the items after it, never ticked: no status of its own
        return {
            "key": item.key,
            "phase": item.phase.value,
            "category": item.category.value,
            "heading": True,
            "required": False,
            "evidence": item.evidence.value,
            "status": None,
            "standing": None,
        }
    status = (state.status if state else ItemStatus.OPEN).value
    return {
        "heading": False,
        "standing": standing or status,
        "needs_confirmation": bool(state and state.needs_confirmation),
        "evidence_items": [evidence_json(e) for e in evidence or ()],
        "key": item.key,
        "phase": item.phase.value,
        "category": item.category.value,
        "required": item.required,
        "evidence": item.evidence.value,
        "status": status,
        **_recorded(state),
        "model_version": state.model_version if state else None,
    }


def earlier_item_json(key: str, state: ItemState) -> dict[str, Any]:
    """The state of an item the pinned version no longer has, in its recorded version's text."""
    old = MODELS.get(state.model_version or "")
    item = old.item(key) if old else None
    return {
        "key": key,
        "model_version": state.model_version,
        "text": text_json(item.text) if item else None,
        "status": state.status.value,
        **_recorded(state),
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
        "earlier_items": [
            earlier_item_json(key, state)
            for key, state in sorted(states.items())
            if model.item(key) is None
        ],
    }


def transition_json(transition: Transition) -> dict[str, Any]:
    return {
        "id": transition.id,
        "trigger": transition.trigger,
        "from": transition.from_phase.value,
        "to": transition.to_phase.value,
        "reason": transition.reason,
        "actor": email_of(transition.actor),
        "at": transition.created_at.isoformat(),
        "gate_snapshot": transition.gate_snapshot,
    }
