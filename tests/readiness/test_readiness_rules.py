"""The pure figures of one initiative and phase."""

from __future__ import annotations

from datetime import date, timedelta

from app.domain.items import ItemStatus
from app.phases import PHASE_ORDER, Phase, get_model
from app.readiness.rules import PhaseFigures, PieceFact, StateFact, differences, figures

MODEL = get_model()
DAY = date(2026, 11, 30)
REQUIRED = [i.key for i in MODEL.required_items(Phase.STARTING_POINT)]


def _start(found: list[PhaseFigures]) -> PhaseFigures:
    return next(f for f in found if f.phase is Phase.STARTING_POINT)


def test_nothing_ticked_is_all_open_and_zero_ready() -> None:
    start = _start(figures(MODEL, [], [], DAY))
    assert start.required_total == len(REQUIRED) == start.required_open
    assert start.done == 0 and start.readiness == 0.0
    assert start.renewal_due_on is None


def test_expired_evidence_needs_renewal_and_current_evidence_sets_the_date() -> None:
    expired, current = REQUIRED[0], REQUIRED[1]
    states = [StateFact(k, ItemStatus.DONE, False) for k in (expired, current)]
    pieces = [
        PieceFact(expired, DAY - timedelta(days=30), DAY - timedelta(days=1)),
        PieceFact(current, DAY - timedelta(days=30), DAY + timedelta(days=9)),
    ]
    start = _start(figures(MODEL, states, pieces, DAY))
    assert start.needs_renewal == 1
    assert start.required_open == len(REQUIRED) - 1
    assert start.renewal_due_on == DAY + timedelta(days=9)
    later = _start(figures(MODEL, states, pieces, DAY + timedelta(days=10)))
    assert later.needs_renewal == 2 and later.required_open == len(REQUIRED)


def test_awaiting_confirmation_is_not_settled() -> None:
    start = _start(figures(MODEL, [StateFact(REQUIRED[0], ItemStatus.DONE, True)], [], DAY))
    assert start.needs_confirmation == 1 and start.required_open == len(REQUIRED)


def test_differences_name_the_field() -> None:
    fresh = figures(MODEL, [], [], DAY)
    stored = {f.phase: f.row() for f in fresh}
    assert differences(stored, fresh) == []
    stored[Phase.PILOT] = {**stored[Phase.PILOT], "required_open": 0}
    (problem,) = differences(stored, fresh)
    assert problem.startswith("pilot.required_open")


def test_the_figures_of_some_phases_are_those_of_all_for_them() -> None:
    states = [StateFact(k, ItemStatus.DONE, False) for k in REQUIRED[:2]]
    pieces = [PieceFact(REQUIRED[0], DAY - timedelta(days=3), DAY + timedelta(days=4))]
    every = figures(MODEL, states, pieces, DAY)
    assert [f.phase for f in every] == list(PHASE_ORDER)
    some = figures(MODEL, states, pieces, DAY, phases=(Phase.PILOT, Phase.STARTING_POINT))
    assert some == [f for f in every if f.phase in (Phase.STARTING_POINT, Phase.PILOT)]
    assert figures(MODEL, states, pieces, DAY, phases=(Phase.CLOSED,)) == []
