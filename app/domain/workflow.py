"""The one static state machine that moves initiatives between phases.

It is built once at import; each trigger runs against a small `Subject`
without attaching it, so a page view or a transition costs microseconds
(see bench/machine.py). Conditions record why they refused, because
`transitions` itself only reports False.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from itertools import pairwise
from typing import Any

from transitions import EventData, Machine

from app.domain.gates import Gate
from app.phases import PHASE_ORDER, Phase


class Trigger(StrEnum):
    ADVANCE = "advance"
    STEP_BACK = "step_back"
    CLOSE = "close"
    REOPEN = "reopen"


# Triggers that must carry a written reason.
NEEDS_REASON = frozenset({Trigger.STEP_BACK, Trigger.CLOSE})
REASON_MAX = 2000


@dataclass
class Refusal:
    trigger: Trigger
    detail: str  # in English, for logs and API readers
    missing: tuple[str, ...] = ()
    code: str = "refused"  # a stable name of the reason; pages translate by it
    params: dict[str, object] = field(default_factory=dict)


class TransitionRefused(Exception):
    def __init__(self, refusal: Refusal) -> None:
        super().__init__(refusal.detail)
        self.refusal = refusal

    @property
    def code(self) -> str:
        return self.refusal.code

    @property
    def params(self) -> dict[str, object]:
        return self.refusal.params


@dataclass
class Subject:
    """What the machine needs to know about one initiative for one trigger."""

    phase: Phase
    closed_from: Phase | None = None
    gate: Gate | None = None
    reason: str | None = None
    refusal: Refusal | None = field(default=None, init=False)

    # Condition callbacks, looked up by name by the machine.
    def gate_open(self, event: EventData) -> bool:
        gate = self.gate
        if gate is None:
            detail = "The gate has not been evaluated."
            self.refusal = Refusal(Trigger.ADVANCE, detail, code="gate_unknown")
            return False
        if not gate.allowed:
            self.refusal = Refusal(Trigger.ADVANCE, gate.detail, gate.missing, gate.code)
            return False
        return True

    def has_reason(self, event: EventData) -> bool:
        if not (self.reason and self.reason.strip()):
            self.refusal = Refusal(
                Trigger(event.event.name), "A reason is required.", code="reason_required"
            )
            return False
        return True

    def was_closed_from(self, event: EventData) -> bool:
        assert event.transition is not None
        return event.transition.dest == (self.closed_from.value if self.closed_from else None)

    def remember_origin(self, event: EventData) -> None:
        assert event.transition is not None
        self.closed_from = Phase(event.transition.source)

    def forget_origin(self, event: EventData) -> None:
        self.closed_from = None


def transition_table() -> list[dict[str, Any]]:
    # Plain strings: `transitions` would name Enum states by their member names.
    order = [p.value for p in PHASE_ORDER]
    closed = Phase.CLOSED.value
    moves: list[dict[str, Any]] = []
    for earlier, later in pairwise(order):
        moves.append(
            {"trigger": "advance", "source": earlier, "dest": later, "conditions": "gate_open"}
        )
        moves.append(
            {"trigger": "step_back", "source": later, "dest": earlier, "conditions": "has_reason"}
        )
    moves.append(
        {
            "trigger": "close",
            "source": order,
            "dest": closed,
            "conditions": "has_reason",
            "before": "remember_origin",
        }
    )
    for phase in order:
        moves.append(
            {
                "trigger": "reopen",
                "source": closed,
                "dest": phase,
                "conditions": "was_closed_from",
                "after": "forget_origin",
            }
        )
    return moves


MACHINE = Machine(
    model=None,
    states=[p.value for p in Phase],
    transitions=transition_table(),
    initial=Phase.STARTING_POINT.value,
    auto_transitions=False,
    send_event=True,
    model_attribute="phase",
)


def available_triggers(phase: Phase) -> tuple[Trigger, ...]:
    """The triggers the graph offers from `phase`, whatever their conditions."""
    names = set(MACHINE.get_triggers(phase.value))
    return tuple(t for t in Trigger if t.value in names)


def fire(trigger: Trigger, subject: Subject) -> Phase:
    """Run `trigger` on `subject`; return the new phase or raise TransitionRefused."""
    if trigger not in available_triggers(subject.phase):
        raise TransitionRefused(
            Refusal(
                trigger,
                f"'{trigger.value}' is not possible from {subject.phase.value}.",
                code="trigger_not_possible",
                params={"trigger": trigger.value, "phase": subject.phase.value},
            )
        )
    if subject.reason is not None and len(subject.reason) > REASON_MAX:
        raise TransitionRefused(
            Refusal(
                trigger,
                f"The reason is longer than {REASON_MAX} characters.",
                code="reason_too_long",
                params={"limit": REASON_MAX},
            )
        )
    subject.refusal = None
    # The machine reads an Enum state by its member name, so it runs on the plain value.
    subject.phase = subject.phase.value  # type: ignore[assignment]
    try:
        moved = MACHINE.events[trigger.value].trigger(subject)
    finally:
        subject.phase = Phase(subject.phase)
    if not moved:
        raise TransitionRefused(
            subject.refusal or Refusal(trigger, f"'{trigger.value}' was refused.")
        )
    return subject.phase
