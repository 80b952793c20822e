from __future__ import annotations

from app.domain.gates import advance_gate, next_phase, previous_phase
from app.domain.items import ItemStatus
from app.phases import Phase, get_model

MODEL = get_model()


def test_every_required_item_of_the_phase_blocks_until_settled() -> None:
    required = [i.key for i in MODEL.required_items(Phase.PILOT)]
    gate = advance_gate(MODEL, Phase.PILOT, {})
    assert not gate.allowed
    assert list(gate.missing) == required

    statuses = dict.fromkeys(required, ItemStatus.DONE)
    statuses[required[0]] = ItemStatus.NOT_APPLICABLE
    statuses[required[1]] = ItemStatus.OPEN
    gate = advance_gate(MODEL, Phase.PILOT, statuses)
    assert gate.missing == (required[1],)

    statuses[required[1]] = ItemStatus.DONE
    assert advance_gate(MODEL, Phase.PILOT, statuses).allowed


def test_optional_items_never_block() -> None:
    required = {i.key: ItemStatus.DONE for i in MODEL.required_items(Phase.INITIATION)}
    initiation = MODEL.phase(Phase.INITIATION)
    assert initiation is not None
    optional = [i.key for i in initiation.items if not i.required]
    assert optional
    assert advance_gate(MODEL, Phase.INITIATION, required).allowed


def test_starting_point_gate_needs_every_starting_point_item() -> None:
    gate = advance_gate(MODEL, Phase.STARTING_POINT, {})
    starting_point = MODEL.phase(Phase.STARTING_POINT)
    assert starting_point is not None
    assert set(gate.missing) == {i.key for i in starting_point.items}


def test_no_gate_out_of_the_last_phase_or_closed() -> None:
    assert not advance_gate(MODEL, Phase.SUSTAINABILITY, {}).allowed
    assert not advance_gate(MODEL, Phase.CLOSED, {}).allowed
    assert advance_gate(MODEL, Phase.CLOSED, {}).missing == ()


def test_phase_neighbours() -> None:
    assert next_phase(Phase.STARTING_POINT) is Phase.INITIATION
    assert next_phase(Phase.SUSTAINABILITY) is None
    assert previous_phase(Phase.INITIATION) is Phase.STARTING_POINT
    assert previous_phase(Phase.STARTING_POINT) is None
    assert next_phase(Phase.CLOSED) is None
