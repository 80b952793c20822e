"""JSON shapes of the API: request bodies and the serialisation of domain objects."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from app.domain.gates import Gate
from app.domain.items import ItemStatus
from app.domain.workflow import Trigger
from app.models import Initiative, ItemState, Transition
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


def item_json(item: Item, state: ItemState | None) -> dict[str, Any]:
    return {
        "key": item.key,
        "phase": item.phase.value,
        "category": item.category.value,
        "required": item.required,
        "evidence": item.evidence.value,
        "status": (state.status if state else ItemStatus.OPEN).value,
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
    initiative: Initiative, model: PhaseModel, states: dict[str, ItemState], gate: Gate
) -> dict[str, Any]:
    return {
        **initiative_summary_json(initiative),
        "items": [item_json(item, states.get(item.key)) for item in model.items],
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
