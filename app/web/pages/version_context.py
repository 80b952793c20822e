"""What the initiative page shows about phase-model versions: the pinned one, a newer one,
states kept from earlier versions, and one history of transitions and version moves."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from app.initiatives.queries import InitiativeView
from app.models.initiatives import ItemState, ModelVersionChange, Transition
from app.phases import MODELS, Item, Phase, PhaseModel, Text, is_newer, latest_version


@dataclass(frozen=True)
class HistoryEntry:
    kind: str  # "transition" or "version"
    at: datetime
    entry: Transition | ModelVersionChange


@dataclass(frozen=True)
class EarlierState:
    """A state whose item the pinned version no longer has: read-only, with its old text."""

    item: Item | None
    key: str
    version: str | None
    state: ItemState


def model_of(version: str | None) -> PhaseModel | None:
    return MODELS.get(version) if version else None


def earlier_text(item: Item, state: ItemState | None, pinned: str) -> tuple[str, Text] | None:
    """The version and text a state was recorded under, when that text differs from today's."""
    if state is None or state.model_version in (None, pinned) or state.updated_at is None:
        return None
    old = model_of(state.model_version)
    then = old.item(item.key) if old else None
    if then is None or then.text == item.text:
        return None
    return state.model_version or "", then.text


def version_context(view: InitiativeView, shown: Phase) -> dict[str, Any]:
    pinned = view.initiative.model_version
    latest = latest_version()
    prefix = f"{shown.value}."
    earlier = []
    for key, state in sorted(view.states.items()):
        if view.model.item(key) is None and key.startswith(prefix):
            old = model_of(state.model_version)
            earlier.append(
                EarlierState(old.item(key) if old else None, key, state.model_version, state)
            )
    history = [HistoryEntry("transition", t.created_at, t) for t in view.transitions]
    history += [HistoryEntry("version", c.created_at, c) for c in view.version_changes]
    history.sort(key=lambda h: (h.at, h.kind == "version"), reverse=True)
    return {
        "newer_version": latest if pinned in MODELS and is_newer(latest, pinned) else None,
        "earlier_states": earlier,
        "history": history,
        "model_of": model_of,
        "earlier_text": lambda item, state: earlier_text(item, state, pinned),
    }
