"""Moving to klusterutveckling/2 on real data: ticks kept, ticks on new headings kept but no
longer counted, the gate unchanged, and the demo's initiatives moved with their diff."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app import errors
from app.demo.data import DEMO_INITIATIVES
from app.demo.services import load_demo
from app.domain.items import ItemStatus, ItemUpdate
from app.domain.workflow import Trigger
from app.initiatives import items as initiative_items
from app.initiatives import listing as initiative_listing
from app.initiatives import queries as initiative_queries
from app.initiatives import services as initiatives
from app.models.initiatives import Initiative, ModelVersionChange
from app.phases import Category, Phase, get_model
from app.versions import services as model_versions
from tests.conftest import People
from tests.phases.test_model_v2 import EXPECTED_CHANGES

V1, V2 = get_model("klusterutveckling/1"), get_model("klusterutveckling/2")
HEADING_EVENT = "initiation.events.development_need"
HEADING_SUPPORT = "initiation.support.intensive_effort"
COURSE = "initiation.support.course_and_exchange"


def _tick(session: Session, actor: object, initiative: Initiative, key: str) -> None:
    initiative_items.update_item(
        session,
        actor=actor,  # type: ignore[arg-type]
        initiative_id=initiative.id,
        key=key,
        update=ItemUpdate(ItemStatus.DONE, note="Gjort"),
    )


@pytest.fixture
def on_v1(session: Session, people: People) -> Initiative:
    """An initiative in initiation on v1, with two ticks on lines v2 makes headings."""
    made = initiatives.create_initiative(
        session, actor=people.support, name="Gamla noden", region="Skåne", model_version=V1.version
    )
    for item in V1.required_items(Phase.STARTING_POINT):
        _tick(session, people.admin, made, item.key)
    initiatives.run_transition(
        session, actor=people.support, initiative_id=made.id, trigger=Trigger.ADVANCE
    )
    _tick(session, people.admin, made, HEADING_EVENT)
    _tick(session, people.support, made, HEADING_SUPPORT)
    _tick(session, people.support, made, COURSE)
    session.refresh(made)
    return made


Progress = dict[Category, tuple[int, int]]


def _progress(session: Session, people: People, initiative: Initiative) -> Progress:
    [row] = [
        r
        for r in initiative_listing.list_initiatives(
            session, user_id=people.support.id, role=people.support.role
        )
        if r.initiative.id == initiative.id
    ]
    return {c: (row.done[c], row.total[c]) for c in Category}


def test_the_move_keeps_the_ticks_and_stops_counting_those_on_headings(
    session: Session, people: People, on_v1: Initiative
) -> None:
    preview = model_versions.preview_move(
        session, actor=people.support, initiative_id=on_v1.id, to_version=V2.version
    )
    impact = preview.impact
    assert [i.key for i in impact.ticks_on_headings] == [HEADING_EVENT, HEADING_SUPPORT]
    assert impact.new_open == () and impact.ticks_kept_read_only == ()
    assert not impact.gate_changes  # the same required items, the same ticks
    before = _progress(session, people, on_v1)
    assert before[Category.EVENTS][1] == 13 and before[Category.SUPPORT] == (2, 5)

    change = model_versions.move_initiative_to_version(
        session,
        actor=people.support,
        initiative_id=on_v1.id,
        to_version=V2.version,
        expected_from_version=V1.version,
    )
    assert {c["key"]: tuple(c["fields"]) for c in change.diff["changed"]} == EXPECTED_CHANGES
    assert change.diff["added"] == [] and change.diff["removed"] == []
    assert change.diff["impact"]["ticks_on_headings"] == [HEADING_EVENT, HEADING_SUPPORT]

    view = initiative_queries.initiative_view(session, user=people.support, initiative_id=on_v1.id)
    assert view.model is V2
    assert view.states[HEADING_SUPPORT].status is ItemStatus.DONE  # kept on record
    after = _progress(session, people, on_v1)
    assert after[Category.EVENTS] == (0, 11)  # two headings out of the thirteen lines
    assert after[Category.SUPPORT] == (1, 4)  # the heading's tick no longer counts
    assert after[Category.RESULTS] == before[Category.RESULTS]
    with pytest.raises(errors.InvalidInput) as refused:
        _tick(session, people.support, on_v1, HEADING_SUPPORT)
    assert refused.value.code == "heading_not_tickable"


def test_the_move_does_not_wake_a_stalled_initiative(
    session: Session, people: People, on_v1: Initiative
) -> None:
    stamp = on_v1.updated_at
    model_versions.move_initiative_to_version(
        session,
        actor=people.support,
        initiative_id=on_v1.id,
        to_version=V2.version,
        expected_from_version=V1.version,
    )
    session.refresh(on_v1)
    assert on_v1.model_version == V2.version and on_v1.updated_at == stamp


def test_the_demo_starts_on_v1_and_moves_to_v2_with_its_diff(session: Session) -> None:
    assert load_demo(session)
    names = {entry[0] for entry in DEMO_INITIATIVES}
    demo = session.scalars(select(Initiative).where(Initiative.name.in_(names))).all()
    assert len(demo) == len(names)
    assert {i.model_version for i in demo} == {V2.version}
    changes = session.scalars(
        select(ModelVersionChange).where(ModelVersionChange.initiative_id.in_([i.id for i in demo]))
    ).all()
    assert len(changes) == len(demo)
    for change in changes:
        assert (change.from_version, change.to_version) == (V1.version, V2.version)
        assert {c["key"]: tuple(c["fields"]) for c in change.diff["changed"]} == EXPECTED_CHANGES
    # The demo ticked process support on v1: in initiation, a line v2 makes a heading.
    on_headings = {k for c in changes for k in c.diff["impact"]["ticks_on_headings"]}
    assert HEADING_SUPPORT in on_headings
    assert not load_demo(session)  # a second load changes nothing
    assert len(session.scalars(select(ModelVersionChange)).all()) == len(changes)
