"""What to do next, shaped from what the page has read: which evidence needs renewing, how
conditions and a waiting review read against today, and who sees the panel. Pure."""

from __future__ import annotations

from datetime import date, timedelta

from app.domain.evidence import Piece
from app.domain.permissions import Role
from app.initiatives import next_steps_rules as rules
from app.initiatives.next_steps_rules import Audience, Renewal

TODAY = date(2026, 6, 15)


def _piece(expires: int | None, *, starts: int = -100, withdrawn: bool = False) -> Piece:
    return Piece(
        TODAY + timedelta(days=starts),
        None if expires is None else TODAY + timedelta(days=expires),
        withdrawn,
    )


def test_the_group_sees_it_open_support_folded_funders_not_at_all() -> None:
    assert rules.audience(Role.LEADERSHIP, is_member=True) is Audience.GROUP
    assert rules.audience(Role.LEADERSHIP, is_member=False) is None
    assert rules.audience(Role.SUPPORT, is_member=False) is Audience.SUPPORT
    assert rules.audience(Role.ADMIN, is_member=False) is Audience.SUPPORT
    assert rules.audience(Role.FUNDER, is_member=False) is None


def test_evidence_runs_out_on_the_last_day_of_its_longest_piece() -> None:
    assert rules.runs_out([_piece(10), _piece(20)], TODAY) == TODAY + timedelta(days=20)
    assert rules.runs_out([_piece(10), _piece(None)], TODAY) is None  # one never expires
    assert rules.runs_out([], TODAY) is None
    assert rules.runs_out([_piece(-1)], TODAY) is None  # expired: not "running out"
    assert rules.runs_out([_piece(40, withdrawn=True), _piece(5)], TODAY) == TODAY + timedelta(5)
    # A renewal made in advance (starting later) counts.
    assert rules.runs_out([_piece(5), _piece(400, starts=3)], TODAY) == TODAY + timedelta(400)


def test_renewals_soonest_first_within_the_window_and_expired_ones_by_their_standing() -> None:
    pieces = {
        "a": [_piece(30)],  # the window's last day
        "b": [_piece(31)],  # beyond it
        "c": [_piece(-3), _piece(-9)],  # expired, nothing in force
        "d": [_piece(2)],  # not applicable: nothing to renew
        "e": [_piece(0)],  # today is its last day
        "f": [_piece(1)],  # missing already: the gate list says so
    }
    standings = {"a": "done", "b": "done", "c": "needs_renewal", "d": "not_applicable"}
    found = rules.renewals(
        ["a", "b", "c", "d", "e", "f", "g"], pieces, standings, TODAY, skip=["f"]
    )
    assert found == (
        Renewal("c", TODAY - timedelta(days=3), -3),
        Renewal("e", TODAY, 0),
        Renewal("a", TODAY + timedelta(days=30), 30),
    )
    assert found[0].expired and not found[1].expired


def test_conditions_soonest_due_first_and_overdue_marked() -> None:
    later, overdue = (
        (2, 7, "Budget", "Lars", TODAY + timedelta(days=5)),
        (1, 7, "Avtal", "Sara", TODAY - timedelta(days=2)),
    )
    shaped = rules.open_conditions([later, overdue], TODAY)
    assert [c.condition_id for c in shaped] == [1, 2]
    assert shaped[0].overdue and shaped[0].days_left == -2
    assert not shaped[1].overdue and shaped[1].days_left == 5


def test_a_review_waits_from_the_day_it_was_requested() -> None:
    assert rules.waiting(None, None, TODAY) is None
    review = rules.waiting(4, TODAY - timedelta(days=6), TODAY)
    assert review is not None and (review.review_id, review.days) == (4, 6)


def test_the_count_adds_what_waits_for_the_group() -> None:
    steps = rules.NextSteps(
        audience=Audience.GROUP,
        missing=(("x", "open"),),
        conditions=rules.open_conditions([(1, 1, "t", "o", TODAY)], TODAY),
        renewals=(Renewal("y", TODAY, 0),),
        review=None,
        gate_open=False,
        next_phase=None,
    )
    assert steps.count == 3
