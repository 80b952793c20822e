"""What blocks a trigger, given the phase model and the state of the items. Pure."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from app.domain.items import SETTLED_STANDINGS
from app.phases import PHASE_ORDER, Phase, PhaseModel

# Why a gate is shut: the codes a refusal to advance carries.
GATE_CODES = ("gate_closed", "closed", "last_phase", "items_missing", "conditions_open")


@dataclass(frozen=True, slots=True)
class Gate:
    trigger: str
    allowed: bool
    missing: tuple[str, ...]
    detail: str
    # Conditions of an earlier Conditional Go that are still open; they block too.
    open_conditions: tuple[str, ...] = ()
    # Why each missing item blocks: open, needs_renewal or needs_confirmation.
    standings: tuple[tuple[str, str], ...] = ()
    # Why the gate is shut, as a stable name (see GATE_CODES); "open" when it is not.
    code: str = ""

    def __post_init__(self) -> None:
        if not self.code:
            object.__setattr__(self, "code", "open" if self.allowed else "gate_closed")

    def as_dict(self) -> dict[str, object]:
        return {
            "trigger": self.trigger,
            "allowed": self.allowed,
            "missing": list(self.missing),
            "missing_standing": dict(self.standings),
            "open_conditions": list(self.open_conditions),
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


def advance_gate(
    model: PhaseModel,
    phase: Phase,
    standings: Mapping[str, str],
    open_conditions: Sequence[str] = (),
) -> Gate:
    """The gate out of `phase`: every required item must stand as done or not
    applicable (an ItemStatus or a Standing), and no condition may be open."""
    target = next_phase(phase)
    if target is None:
        if phase is Phase.CLOSED:
            return Gate("advance", False, (), "The initiative is closed.", code="closed")
        return Gate("advance", False, (), "This is the last phase.", code="last_phase")
    blocking = [
        (item.key, str(standings.get(item.key, "open")))
        for item in model.required_items(phase)
        if standings.get(item.key, "open") not in SETTLED_STANDINGS
    ]
    missing = tuple(key for key, _ in blocking)
    conditions = tuple(open_conditions)
    problems = []
    if missing:
        problems.append(f"{len(missing)} required item(s) are not done")
    if conditions:
        problems.append(f"{len(conditions)} condition(s) of an earlier decision are open")
    if problems:
        detail = "; ".join(problems) + "."
        code = "items_missing" if missing else "conditions_open"
        return Gate(
            "advance",
            False,
            missing,
            detail[0].upper() + detail[1:],
            conditions,
            tuple(blocking),
            code,
        )
    return Gate("advance", True, (), f"Ready to advance to {target.value}.")
