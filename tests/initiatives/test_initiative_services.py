"""Use-cases against a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import errors, phases
from app.domain.items import ItemStatus, ItemUpdate
from app.domain.workflow import TransitionRefused, Trigger
from app.initiatives import items as initiative_items
from app.initiatives import listing as initiative_listing
from app.initiatives import queries as initiative_queries
from app.initiatives import services as initiatives
from app.models.initiatives import Initiative, ItemState, Transition
from app.phases import Evidence, Item, Phase, PhaseModel, PhaseSpec, Text, get_model
from tests.conftest import People, reads, recorded_statements

MODEL = get_model()


def _settle(session: Session, people: People, initiative: Initiative, phase: Phase) -> None:
    for item in MODEL.required_items(phase):
        initiative_items.update_item(
            session,
            actor=people.admin,
            initiative_id=initiative.id,
            key=item.key,
            update=ItemUpdate(ItemStatus.DONE, note="Underlag finns", link=None),
        )


def _state(session: Session, initiative: Initiative, key: str) -> ItemState:
    state = initiative_queries.get_item_state(session, initiative_id=initiative.id, key=key)
    assert state is not None
    session.refresh(state)
    return state


def test_a_new_initiative_starts_at_the_starting_point_with_one_row_per_item(
    session: Session, initiative: Initiative
) -> None:
    assert initiative.phase is Phase.STARTING_POINT
    assert initiative.model_version == MODEL.version
    count = session.scalar(select(func.count()).where(ItemState.initiative_id == initiative.id))
    assert count == len(MODEL.items)


def test_only_support_and_admin_create_initiatives(session: Session, people: People) -> None:
    for user in (people.leader, people.funder):
        with pytest.raises(errors.Forbidden):
            initiatives.create_initiative(session, actor=user, name="X", region="Y")
    with pytest.raises(errors.InvalidInput):
        initiatives.create_initiative(session, actor=people.support, name="  ", region="Y")


def test_a_tick_records_who_and_when(
    session: Session, people: People, initiative: Initiative
) -> None:
    key = MODEL.required_items(Phase.STARTING_POINT)[0].key
    initiative_items.update_item(
        session,
        actor=people.leader,
        initiative_id=initiative.id,
        key=key,
        update=ItemUpdate(ItemStatus.DONE, note="45 företag i nätverket"),
    )
    state = _state(session, initiative, key)
    assert state.status is ItemStatus.DONE
    assert state.note == "45 företag i nätverket"
    assert state.updated_by_id == people.leader.id
    assert state.updated_at is not None


def test_refused_updates_write_nothing(
    session: Session, people: People, initiative: Initiative
) -> None:
    key = MODEL.required_items(Phase.STARTING_POINT)[0].key
    item = MODEL.item(key)
    assert item is not None
    assert item.evidence is not Evidence.NONE
    attempts = [
        (people.leader, ItemUpdate(ItemStatus.DONE), errors.InvalidInput),
        (people.leader, ItemUpdate(ItemStatus.NOT_APPLICABLE), errors.InvalidInput),
        (
            people.leader,
            ItemUpdate(ItemStatus.DONE, link="javascript:alert(1)"),
            errors.InvalidInput,
        ),
        (people.outsider, ItemUpdate(ItemStatus.DONE, note="x"), errors.NotFound),
        (people.funder, ItemUpdate(ItemStatus.DONE, note="x"), errors.Forbidden),
        (people.support, ItemUpdate(ItemStatus.DONE, note="x"), errors.Forbidden),
    ]
    for actor, update, error in attempts:
        with pytest.raises(error):
            initiative_items.update_item(
                session, actor=actor, initiative_id=initiative.id, key=key, update=update
            )
        session.rollback()
    state = _state(session, initiative, key)
    assert (state.status, state.note, state.updated_by_id) == (ItemStatus.OPEN, None, None)


def test_support_ticks_process_support_and_leadership_does_not(
    session: Session, people: People, initiative: Initiative
) -> None:
    _settle(session, people, initiative, Phase.STARTING_POINT)
    initiatives.run_transition(
        session, actor=people.support, initiative_id=initiative.id, trigger=Trigger.ADVANCE
    )
    initiation = MODEL.phase(Phase.INITIATION)
    assert initiation is not None
    support = initiation.checklist(phases.Category.SUPPORT)
    assert support is not None
    support_item = support.tickable[0]  # the first line of the slide is a heading
    initiative_items.update_item(
        session,
        actor=people.support,
        initiative_id=initiative.id,
        key=support_item.key,
        update=ItemUpdate(ItemStatus.DONE, note="Kurs i klusterutveckling hölls 4 mars"),
    )
    with pytest.raises(errors.Forbidden):
        initiative_items.update_item(
            session,
            actor=people.leader,
            initiative_id=initiative.id,
            key=support_item.key,
            update=ItemUpdate(ItemStatus.OPEN),
        )


def test_only_the_current_phase_can_be_changed(
    session: Session, people: People, initiative: Initiative
) -> None:
    later = MODEL.required_items(Phase.PILOT)[0].key
    with pytest.raises(errors.Conflict, match="current phase"):
        initiative_items.update_item(
            session,
            actor=people.admin,
            initiative_id=initiative.id,
            key=later,
            update=ItemUpdate(ItemStatus.DONE, note="x"),
        )
    with pytest.raises(errors.NotFound):
        initiative_items.update_item(
            session,
            actor=people.admin,
            initiative_id=initiative.id,
            key="nope.results.x",
            update=ItemUpdate(ItemStatus.DONE),
        )


def test_advance_is_refused_with_the_missing_items_then_allowed(
    session: Session, people: People, initiative: Initiative
) -> None:
    with pytest.raises(TransitionRefused) as refused:
        initiatives.run_transition(
            session, actor=people.support, initiative_id=initiative.id, trigger=Trigger.ADVANCE
        )
    session.rollback()
    required = [i.key for i in MODEL.required_items(Phase.STARTING_POINT)]
    assert list(refused.value.refusal.missing) == required
    assert session.scalar(select(func.count()).select_from(Transition)) == 0

    _settle(session, people, initiative, Phase.STARTING_POINT)
    transition = initiatives.run_transition(
        session, actor=people.support, initiative_id=initiative.id, trigger=Trigger.ADVANCE
    )
    session.refresh(initiative)
    assert initiative.phase is Phase.INITIATION
    assert (transition.from_phase, transition.to_phase) == (Phase.STARTING_POINT, Phase.INITIATION)
    assert transition.actor_id == people.support.id
    snapshot = transition.gate_snapshot
    assert snapshot["gate"]["allowed"] is True
    assert snapshot["model_version"] == MODEL.version
    starting_point = MODEL.phase(Phase.STARTING_POINT)
    assert starting_point is not None
    assert set(snapshot["items"]) == {i.key for i in starting_point.items}
    assert snapshot["items"][required[0]]["updated_by"] == people.admin.email


def test_step_back_close_and_reopen_are_recorded_with_reasons(
    session: Session, people: People, initiative: Initiative
) -> None:
    _settle(session, people, initiative, Phase.STARTING_POINT)
    initiatives.run_transition(
        session, actor=people.support, initiative_id=initiative.id, trigger=Trigger.ADVANCE
    )
    with pytest.raises(TransitionRefused, match="reason"):
        initiatives.run_transition(
            session, actor=people.support, initiative_id=initiative.id, trigger=Trigger.STEP_BACK
        )
    session.rollback()
    initiatives.run_transition(
        session,
        actor=people.support,
        initiative_id=initiative.id,
        trigger=Trigger.STEP_BACK,
        reason="Omorganisation av huvudmannaskapet",
    )
    initiatives.run_transition(
        session,
        actor=people.admin,
        initiative_id=initiative.id,
        trigger=Trigger.CLOSE,
        reason="Inte livsdugligt",
    )
    session.refresh(initiative)
    assert (initiative.phase, initiative.closed_from) == (Phase.CLOSED, Phase.STARTING_POINT)
    initiatives.run_transition(
        session, actor=people.support, initiative_id=initiative.id, trigger=Trigger.REOPEN
    )
    session.refresh(initiative)
    assert (initiative.phase, initiative.closed_from) == (Phase.STARTING_POINT, None)

    history = initiative_queries.transitions(session, initiative.id)
    assert [(t.trigger, t.from_phase, t.to_phase) for t in reversed(history)] == [
        ("advance", Phase.STARTING_POINT, Phase.INITIATION),
        ("step_back", Phase.INITIATION, Phase.STARTING_POINT),
        ("close", Phase.STARTING_POINT, Phase.CLOSED),
        ("reopen", Phase.CLOSED, Phase.STARTING_POINT),
    ]
    assert [t.reason for t in reversed(history)][1:3] == [
        "Omorganisation av huvudmannaskapet",
        "Inte livsdugligt",
    ]


def test_leadership_and_funders_cannot_move_initiatives(
    session: Session, people: People, initiative: Initiative
) -> None:
    _settle(session, people, initiative, Phase.STARTING_POINT)
    for actor in (people.leader, people.funder):
        with pytest.raises(errors.Forbidden):
            initiatives.run_transition(
                session, actor=actor, initiative_id=initiative.id, trigger=Trigger.ADVANCE
            )
        session.rollback()
    with pytest.raises(errors.NotFound):
        initiatives.run_transition(
            session, actor=people.outsider, initiative_id=initiative.id, trigger=Trigger.ADVANCE
        )


def test_a_stale_expected_phase_is_a_conflict(
    session: Session, people: People, initiative: Initiative
) -> None:
    _settle(session, people, initiative, Phase.STARTING_POINT)
    with pytest.raises(errors.Conflict):
        initiatives.run_transition(
            session,
            actor=people.support,
            initiative_id=initiative.id,
            trigger=Trigger.ADVANCE,
            expected_phase=Phase.PILOT,
        )


def test_an_initiative_keeps_the_model_version_it_was_assessed_against(
    session: Session, people: People, initiative: Initiative, monkeypatch: pytest.MonkeyPatch
) -> None:
    start = MODEL.phase(Phase.STARTING_POINT)
    assert start is not None
    extra = Item(
        "starting_point.results.regional_mandate",
        Phase.STARTING_POINT,
        phases.Category.RESULTS,
        Text("Regionalt mandat", "Regional mandate"),
        True,
    )
    checklist = dataclasses.replace(start.checklists[0], items=(*start.checklists[0].items, extra))
    v2 = PhaseModel(
        version="klusterutveckling/2-test",
        title=MODEL.title,
        source=MODEL.source,
        phases=(PhaseSpec(start.phase, start.name, (checklist,)), *MODEL.phases[1:]),
    )
    monkeypatch.setitem(phases.MODELS, v2.version, v2)
    # New initiatives start on the newest registered version.

    newer = initiatives.create_initiative(session, actor=people.support, name="Ny", region="Skåne")
    assert newer.model_version == v2.version
    assert initiative.model_version == MODEL.version
    old_view = initiative_queries.initiative_view(
        session, user=people.admin, initiative_id=initiative.id
    )
    new_view = initiative_queries.initiative_view(
        session, user=people.admin, initiative_id=newer.id
    )
    assert extra.key not in old_view.gate.missing
    assert extra.key in new_view.gate.missing


def test_the_initiative_list_uses_a_constant_number_of_queries(
    session: Session, people: People, initiative: Initiative
) -> None:
    def count_queries() -> int:
        with recorded_statements(session.get_bind()) as statements:
            rows = initiative_listing.list_initiatives(
                session, user_id=people.support.id, role=people.support.role
            )
        assert rows
        return reads(statements)

    few = count_queries()
    for n in range(15):
        initiatives.create_initiative(session, actor=people.support, name=f"I{n}", region="R")
    assert count_queries() == few == 1


def test_the_initiative_list_counts_progress_per_category(
    session: Session, people: People, initiative: Initiative
) -> None:
    _settle(session, people, initiative, Phase.STARTING_POINT)
    rows = initiative_listing.list_initiatives(
        session, user_id=people.leader.id, role=people.leader.role
    )
    assert [r.initiative.id for r in rows] == [initiative.id]
    n = len(MODEL.required_items(Phase.STARTING_POINT))
    # klusterutveckling/2: the starting point is its own checklist.
    done, total = rows[0].done, rows[0].total
    assert done[phases.Category.STARTING_POINT] == total[phases.Category.STARTING_POINT] == n
    assert total[phases.Category.RESULTS] == 0
    assert rows[0].required_open == 0
    assert (
        initiative_listing.list_initiatives(
            session, user_id=people.outsider.id, role=people.outsider.role
        )
        == []
    )
