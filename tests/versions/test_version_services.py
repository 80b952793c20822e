"""Moving an initiative to a newer phase-model version, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import errors
from app.domain.items import ItemStatus, ItemUpdate
from app.domain.workflow import TransitionRefused, Trigger
from app.initiatives import items as initiative_items
from app.initiatives import listing as initiative_listing
from app.initiatives import queries as initiative_queries
from app.initiatives import services as initiatives
from app.models.accounts import User
from app.models.initiatives import Initiative, ItemState, ModelVersionChange
from app.phases import Phase, PhaseModel, get_model
from app.versions import services as model_versions
from tests.conftest import ADDED, BASE_VERSION, DERIVED_VERSION, REMOVED, REWORDED, People

BASE = get_model(BASE_VERSION)
START = BASE.required_items(Phase.STARTING_POINT)


def _settle_start(session: Session, people: People, initiative: Initiative) -> None:
    for item in START:
        initiative_items.update_item(
            session,
            actor=people.admin,
            initiative_id=initiative.id,
            key=item.key,
            update=ItemUpdate(ItemStatus.DONE, note=f"Underlag: {item.key}"),
        )


def _move(session: Session, actor: User, initiative: Initiative) -> ModelVersionChange:
    return model_versions.move_initiative_to_version(
        session,
        actor=actor,
        initiative_id=initiative.id,
        to_version=DERIVED_VERSION,
        expected_from_version=BASE.version,
    )


def _states(session: Session, initiative: Initiative) -> dict[str, ItemState]:
    session.expire_all()
    return initiative_queries.item_states(session, initiative.id)


def test_a_published_version_leaves_pinned_initiatives_alone(
    session: Session, people: People, initiative: Initiative, derived: PhaseModel
) -> None:
    view = initiative_queries.initiative_view(
        session, user=people.support, initiative_id=initiative.id
    )
    assert view.initiative.model_version == BASE.version and view.model is BASE
    assert REMOVED in view.gate.missing and ADDED not in view.gate.missing
    newer = initiatives.create_initiative(session, actor=people.support, name="Ny", region="Skåne")
    assert newer.model_version == DERIVED_VERSION
    assert _states(session, newer)[ADDED].model_version == DERIVED_VERSION
    assert REMOVED not in _states(session, newer)


def test_a_tick_records_the_version_it_was_made_under(
    session: Session, people: People, initiative: Initiative
) -> None:
    _settle_start(session, people, initiative)
    assert {s.model_version for s in _states(session, initiative).values()} == {BASE.version}


def test_the_move_keeps_every_state_opens_new_items_and_recomputes_the_gate(
    session: Session, people: People, initiative: Initiative, derived: PhaseModel
) -> None:
    _settle_start(session, people, initiative)
    before = _states(session, initiative)
    assert initiative_queries.initiative_view(
        session, user=people.support, initiative_id=initiative.id
    ).gate.allowed

    change = _move(session, people.support, initiative)

    after = _states(session, initiative)
    assert set(after) == set(before) | {ADDED}
    for key, state in before.items():  # every earlier tick, note and version, as it was
        assert (after[key].status, after[key].note, after[key].model_version) == (
            state.status,
            state.note,
            BASE.version,
        )
    assert after[ADDED].status is ItemStatus.OPEN
    assert after[ADDED].model_version == DERIVED_VERSION
    view = initiative_queries.initiative_view(
        session, user=people.support, initiative_id=initiative.id
    )
    assert view.initiative.model_version == DERIVED_VERSION and view.model is derived
    assert view.gate.missing == (ADDED,)
    # The history row, with the diff as shown.
    assert [c.id for c in view.version_changes] == [change.id]
    assert (change.from_version, change.to_version, change.actor_id) == (
        BASE.version,
        DERIVED_VERSION,
        people.support.id,
    )
    assert [i["key"] for i in change.diff["added"]] == [ADDED]
    assert [i["key"] for i in change.diff["removed"]] == [REMOVED]
    assert change.diff["impact"]["ticks_kept_read_only"] == [REMOVED]


def test_a_removed_item_stays_readable_and_read_only(
    session: Session, people: People, initiative: Initiative, derived: PhaseModel
) -> None:
    _settle_start(session, people, initiative)
    _move(session, people.support, initiative)
    kept = _states(session, initiative)[REMOVED]
    old_item = get_model(kept.model_version or "").item(REMOVED)
    assert old_item is not None and old_item.text.sv.startswith("Öppenhet och nyfikenhet")
    with pytest.raises(errors.NotFound):
        initiative_items.update_item(
            session,
            actor=people.admin,
            initiative_id=initiative.id,
            key=REMOVED,
            update=ItemUpdate(ItemStatus.OPEN),
        )
    # Ticking a kept item again records it under the new version.
    initiative_items.update_item(
        session,
        actor=people.admin,
        initiative_id=initiative.id,
        key=REWORDED,
        update=ItemUpdate(ItemStatus.DONE, note="Omprövat"),
    )
    assert _states(session, initiative)[REWORDED].model_version == DERIVED_VERSION


def test_after_the_move_the_gate_and_the_list_follow_the_new_version(
    session: Session, people: People, initiative: Initiative, derived: PhaseModel
) -> None:
    _settle_start(session, people, initiative)
    _move(session, people.support, initiative)
    with pytest.raises(TransitionRefused) as refused:
        initiatives.run_transition(
            session, actor=people.support, initiative_id=initiative.id, trigger=Trigger.ADVANCE
        )
    assert refused.value.refusal.missing == (ADDED,)
    session.rollback()
    [row] = initiative_listing.list_initiatives(
        session, user_id=people.support.id, role=people.support.role
    )
    starting_point = derived.phase(Phase.STARTING_POINT)
    assert starting_point is not None
    total, category = len(starting_point.items), starting_point.checklists[0].category
    assert row.total[category] == total  # the kept, removed item is not counted
    assert row.done[category] == total - 1 and row.required_open == 1
    initiative_items.update_item(
        session,
        actor=people.admin,
        initiative_id=initiative.id,
        key=ADDED,
        update=ItemUpdate(ItemStatus.DONE, note="Mandat från regionen"),
    )
    transition = initiatives.run_transition(
        session, actor=people.support, initiative_id=initiative.id, trigger=Trigger.ADVANCE
    )
    assert transition.gate_snapshot["model_version"] == DERIVED_VERSION
    assert ADDED in transition.gate_snapshot["items"]


def test_a_stale_or_repeated_move_is_a_conflict(
    session: Session, people: People, initiative: Initiative, derived: PhaseModel
) -> None:
    _move(session, people.support, initiative)
    with pytest.raises(errors.Conflict):
        _move(session, people.admin, initiative)  # still expects v1
    count = session.scalar(
        select(func.count()).where(ModelVersionChange.initiative_id == initiative.id)
    )
    assert count == 1


@pytest.mark.parametrize(
    ("to_version", "expected"),
    [
        (BASE_VERSION, "already follows"),
        ("klusterutveckling/none", "No published phase model"),
    ],
)
def test_the_same_or_an_unknown_version_is_invalid(
    session: Session,
    people: People,
    initiative: Initiative,
    derived: PhaseModel,
    to_version: str,
    expected: str,
) -> None:
    with pytest.raises(errors.InvalidInput, match=expected) as error:
        model_versions.move_initiative_to_version(
            session,
            actor=people.support,
            initiative_id=initiative.id,
            to_version=to_version,
            expected_from_version=BASE.version,
        )
    assert error.value.field == "to_version"


def test_an_older_version_is_invalid(
    session: Session, people: People, initiative: Initiative, derived: PhaseModel
) -> None:
    _move(session, people.support, initiative)
    with pytest.raises(errors.InvalidInput, match="older"):
        model_versions.move_initiative_to_version(
            session,
            actor=people.support,
            initiative_id=initiative.id,
            to_version=BASE.version,
            expected_from_version=DERIVED_VERSION,
        )


def test_who_may_see_the_preview_and_who_may_move(
    session: Session, people: People, initiative: Initiative, derived: PhaseModel
) -> None:
    def preview(user: User) -> model_versions.MovePreview:
        return model_versions.preview_move(
            session, actor=user, initiative_id=initiative.id, to_version=DERIVED_VERSION
        )

    for user, may_move in (
        (people.admin, True),
        (people.support, True),
        (people.leader, False),
        (people.funder, False),
    ):
        assert preview(user).may_move is may_move
    with pytest.raises(errors.NotFound):
        preview(people.outsider)  # not in this initiative's group: it does not exist for them
    for user, refusal in (
        (people.leader, errors.Forbidden),
        (people.funder, errors.Forbidden),
        (people.outsider, errors.NotFound),
    ):
        with pytest.raises(refusal):
            _move(session, user, initiative)
        session.rollback()
    assert _states(session, initiative).keys() == {i.key for i in BASE.items}
    session.refresh(initiative)
    assert initiative.model_version == BASE.version
    _move(session, people.admin, initiative)
    session.refresh(initiative)
    assert initiative.model_version == DERIVED_VERSION
