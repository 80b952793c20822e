"""Every trigger of the state machine, allowed and refused. Pure: no database."""

from __future__ import annotations

from itertools import pairwise

import pytest

from app.domain.gates import Gate
from app.domain.workflow import (
    MACHINE,
    Subject,
    TransitionRefused,
    Trigger,
    available_triggers,
    fire,
)
from app.phases import PHASE_ORDER, Phase

OPEN_GATE = Gate("advance", True, (), "ready")
SHUT_GATE = Gate("advance", False, ("pilot.results.vision", "pilot.results.rules"), "2 missing")


@pytest.mark.parametrize(("source", "target"), list(pairwise(PHASE_ORDER)))
def test_advance_moves_to_the_next_phase_when_the_gate_is_open(
    source: Phase, target: Phase
) -> None:
    subject = Subject(phase=source, gate=OPEN_GATE)
    assert fire(Trigger.ADVANCE, subject) is target
    assert subject.phase is target


def test_advance_refused_names_every_missing_item() -> None:
    subject = Subject(phase=Phase.PILOT, gate=SHUT_GATE)
    with pytest.raises(TransitionRefused) as refused:
        fire(Trigger.ADVANCE, subject)
    assert refused.value.refusal.missing == SHUT_GATE.missing
    assert refused.value.refusal.trigger is Trigger.ADVANCE
    assert subject.phase is Phase.PILOT


def test_advance_without_an_evaluated_gate_is_refused() -> None:
    with pytest.raises(TransitionRefused):
        fire(Trigger.ADVANCE, Subject(phase=Phase.INITIATION))


@pytest.mark.parametrize("phase", [Phase.SUSTAINABILITY, Phase.CLOSED])
def test_advance_from_the_last_phase_or_closed_is_impossible(phase: Phase) -> None:
    with pytest.raises(TransitionRefused, match="not possible"):
        fire(Trigger.ADVANCE, Subject(phase=phase, gate=OPEN_GATE))


@pytest.mark.parametrize(("source", "target"), [(b, a) for a, b in pairwise(PHASE_ORDER)])
def test_step_back_with_a_reason(source: Phase, target: Phase) -> None:
    subject = Subject(phase=source, reason="Omorganisation")
    assert fire(Trigger.STEP_BACK, subject) is target


@pytest.mark.parametrize("reason", [None, "", "   "])
def test_step_back_without_a_reason_is_refused(reason: str | None) -> None:
    subject = Subject(phase=Phase.PILOT, reason=reason)
    with pytest.raises(TransitionRefused, match="reason"):
        fire(Trigger.STEP_BACK, subject)
    assert subject.phase is Phase.PILOT


def test_step_back_from_the_starting_point_is_impossible() -> None:
    with pytest.raises(TransitionRefused, match="not possible"):
        fire(Trigger.STEP_BACK, Subject(phase=Phase.STARTING_POINT, reason="x"))


@pytest.mark.parametrize("phase", PHASE_ORDER)
def test_close_from_any_phase_remembers_where_it_was(phase: Phase) -> None:
    subject = Subject(phase=phase, reason="Inte livsdugligt")
    assert fire(Trigger.CLOSE, subject) is Phase.CLOSED
    assert subject.closed_from is phase


def test_close_needs_a_reason_and_cannot_close_twice() -> None:
    with pytest.raises(TransitionRefused, match="reason"):
        fire(Trigger.CLOSE, Subject(phase=Phase.PILOT))
    with pytest.raises(TransitionRefused, match="not possible"):
        fire(Trigger.CLOSE, Subject(phase=Phase.CLOSED, closed_from=Phase.PILOT, reason="x"))


@pytest.mark.parametrize("phase", PHASE_ORDER)
def test_reopen_returns_to_the_phase_it_was_closed_from(phase: Phase) -> None:
    subject = Subject(phase=Phase.CLOSED, closed_from=phase)
    assert fire(Trigger.REOPEN, subject) is phase
    assert subject.closed_from is None


def test_reopen_is_refused_unless_closed() -> None:
    with pytest.raises(TransitionRefused, match="not possible"):
        fire(Trigger.REOPEN, Subject(phase=Phase.PILOT))
    with pytest.raises(TransitionRefused):
        fire(Trigger.REOPEN, Subject(phase=Phase.CLOSED, closed_from=None))


def test_overlong_reason_is_refused() -> None:
    with pytest.raises(TransitionRefused, match="longer"):
        fire(Trigger.CLOSE, Subject(phase=Phase.PILOT, reason="x" * 2001))


def test_available_triggers_follow_the_graph() -> None:
    assert available_triggers(Phase.STARTING_POINT) == (Trigger.ADVANCE, Trigger.CLOSE)
    assert available_triggers(Phase.PILOT) == (Trigger.ADVANCE, Trigger.STEP_BACK, Trigger.CLOSE)
    assert available_triggers(Phase.SUSTAINABILITY) == (Trigger.STEP_BACK, Trigger.CLOSE)
    assert available_triggers(Phase.CLOSED) == (Trigger.REOPEN,)


def test_one_static_machine_without_shortcut_transitions() -> None:
    # auto_transitions would add to_<state> triggers that skip every gate.
    assert not any(name.startswith("to_") for name in MACHINE.events)
    assert MACHINE.models == []  # subjects are never attached, so nothing leaks
