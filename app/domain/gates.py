"""What blocks a trigger, given the phase model and the state of the items. Pure."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from app.domain.items import SETTLED, ItemStatus
from app.phases import PHASE_ORDER, Phase, PhaseModel


@dataclass(frozen=True, slots=True)
class Gate:
    trigger: str
    allowed: bool
    missing: tuple[str, ...]
    detail: str

    def as_dict(self) -> dict[str, object]:
        return {
            "trigger": self.trigger,
            "allowed": self.allowed,
            "missing": list(self.missing),
            "detail": self.detail,
        }


def next_phase(phase: Phase) -> Phase | None:
    if phase not in PHASE_ORDER:
        return None
    index = PHASE_ORDER.index(phase)
    return PHASE_ORDER[index + 1] if index + 1 < len(PHASE_ORDER) else None


def previous_phase(phase: Phase) -> Phase | None:
    if phase not in PHASE_ORDER:
        return None
    index = PHASE_ORDER.index(phase)
    return PHASE_ORDER[index - 1] if index > 0 else None


def advance_gate(model: PhaseModel, phase: Phase, statuses: Mapping[str, ItemStatus]) -> Gate:
    """The gate out of `phase`: every required item must be done or not applicable."""
    target = next_phase(phase)
    if target is None:
        detail = "The initiative is closed." if phase is Phase.CLOSED else "This is the last phase."
        return Gate("advance", False, (), detail)
    missing = tuple(
        item.key
        for item in model.required_items(phase)
        if statuses.get(item.key, ItemStatus.OPEN) not in SETTLED
    )
    if missing:
        return Gate("advance", False, missing, f"{len(missing)} required item(s) are not done.")
    return Gate("advance", True, (), f"Ready to advance to {target.value}.")
