"""What a move to another version changes for one initiative, and who may make it. Pure."""

from __future__ import annotations

import pytest

from app.domain.items import ItemStatus
from app.domain.permissions import Role
from app.domain.version_move import can_move_version, move_impact
from app.phases import Phase, get_model
from tests.conftest import ADDED, BASE_VERSION, NOW_REQUIRED, REMOVED, REWORDED, derived_model

BASE = get_model(BASE_VERSION)
V2 = derived_model()
START = [i.key for i in BASE.required_items(Phase.STARTING_POINT)]


@pytest.mark.parametrize(
    ("role", "allowed"),
    [(Role.ADMIN, True), (Role.SUPPORT, True), (Role.LEADERSHIP, False), (Role.FUNDER, False)],
)
def test_only_support_officers_and_admins_move_versions(role: Role, allowed: bool) -> None:
    assert can_move_version(role) is allowed


def test_a_settled_starting_point_gains_an_open_required_item_and_keeps_the_removed_tick() -> None:
    statuses = dict.fromkeys(START, ItemStatus.DONE)
    impact = move_impact(BASE, V2, phase=Phase.STARTING_POINT, closed_from=None, statuses=statuses)
    assert impact.work_phase is Phase.STARTING_POINT
    assert [i.key for i in impact.ticks_kept_read_only] == [REMOVED]
    assert [i.key for i in impact.new_open] == [ADDED]
    assert [c.key for c in impact.changed_here] == [REWORDED]
    assert impact.gate_before.allowed
    assert not impact.gate_after.allowed and impact.gate_after.missing == (ADDED,)
    assert impact.gate_changes
    assert impact.as_dict()["gate_changes"] is True


def test_an_open_removed_item_is_no_tick_to_keep() -> None:
    impact = move_impact(BASE, V2, phase=Phase.STARTING_POINT, closed_from=None, statuses={})
    assert impact.ticks_kept_read_only == ()
    # Before: every required item missing; after: the removed one gone, the added one missing.
    assert REMOVED in impact.gate_before.missing and REMOVED not in impact.gate_after.missing
    assert ADDED in impact.gate_after.missing and impact.gate_changes


def test_an_optional_item_that_becomes_required_can_close_an_open_gate() -> None:
    required = [i.key for i in BASE.required_items(Phase.INITIATION)]
    statuses = dict.fromkeys(START + required, ItemStatus.NOT_APPLICABLE)
    impact = move_impact(BASE, V2, phase=Phase.INITIATION, closed_from=None, statuses=statuses)
    assert impact.new_open == ()
    assert [c.key for c in impact.changed_here] == [NOW_REQUIRED]
    assert impact.gate_before.allowed and impact.gate_after.missing == (NOW_REQUIRED,)


def test_a_phase_the_diff_does_not_touch_keeps_its_gate() -> None:
    impact = move_impact(BASE, V2, phase=Phase.PILOT, closed_from=None, statuses={})
    assert impact.new_open == () and impact.changed_here == ()
    assert not impact.gate_changes


def test_a_closed_initiative_is_judged_on_the_phase_it_stopped_in() -> None:
    impact = move_impact(
        BASE, V2, phase=Phase.CLOSED, closed_from=Phase.STARTING_POINT, statuses={}
    )
    assert impact.work_phase is Phase.STARTING_POINT
    assert [i.key for i in impact.new_open] == [ADDED]
    assert not impact.gate_before.allowed and not impact.gate_changes
