"""The diff between two phase-model versions. Pure: no database."""

from __future__ import annotations

import dataclasses

from app.domain.model_diff import diff_models
from app.phases import Category, Evidence, Item, Phase, Text, get_model
from app.phases.derive import derive
from tests.conftest import (
    ADDED,
    BASE_VERSION,
    DERIVED_VERSION,
    NOW_REQUIRED,
    REMOVED,
    REWORDED,
    derived_model,
)

BASE = get_model(BASE_VERSION)


def test_a_version_against_itself_has_no_differences() -> None:
    diff = diff_models(BASE, BASE)
    assert diff.is_empty
    assert diff.as_dict() == {
        "from_version": BASE.version,
        "to_version": BASE.version,
        "added": [],
        "removed": [],
        "changed": [],
    }


def test_added_removed_and_changed_items_with_the_fields_that_changed() -> None:
    diff = diff_models(BASE, derived_model())
    assert (diff.from_version, diff.to_version) == (BASE.version, DERIVED_VERSION)
    assert [i.key for i in diff.added] == [ADDED]
    assert [i.key for i in diff.removed] == [REMOVED]
    assert [(c.key, c.fields) for c in diff.changed] == [
        (REWORDED, ("text.sv", "text.en")),
        (NOW_REQUIRED, ("required",)),
    ]
    changed = diff.as_dict()["changed"]
    assert isinstance(changed, list)
    reworded = changed[0]
    assert reworded["before"]["text.sv"] == "Kritisk massa vad gäller antal företag"
    assert reworded["after"]["text.sv"] == "Kritisk massa av företag i regionen"


def test_the_diff_backwards_swaps_added_and_removed() -> None:
    diff = diff_models(derived_model(), BASE)
    assert [i.key for i in diff.added] == [REMOVED]
    assert [i.key for i in diff.removed] == [ADDED]
    assert {c.key for c in diff.changed} == {REWORDED, NOW_REQUIRED}


def test_evidence_and_a_one_language_rewording_are_changes() -> None:
    first = BASE.items[0]
    edited = derive(
        BASE,
        "x",
        reword={first.key: Text(first.text.sv, "Reworded in English only")},
    )
    diff = diff_models(BASE, edited)
    assert [(c.key, c.fields) for c in diff.changed] == [(first.key, ("text.en",))]

    pilot = BASE.phase(Phase.PILOT)
    assert pilot is not None
    item = pilot.items[0]
    moved = dataclasses.replace(item, evidence=Evidence.LINK, category=Category.LEADERSHIP)
    phases = tuple(
        dataclasses.replace(
            spec,
            checklists=tuple(
                dataclasses.replace(
                    c, items=tuple(moved if i.key == item.key else i for i in c.items)
                )
                for c in spec.checklists
            ),
        )
        for spec in BASE.phases
    )
    other = dataclasses.replace(BASE, version="y", phases=phases)
    changes = diff_models(BASE, other).changed
    assert [(c.key, c.fields) for c in changes] == [(item.key, ("category", "evidence"))]


def test_the_order_is_by_phase_then_checklist_then_place_whatever_the_input_order() -> None:
    additions = [
        Item(
            "sustainability.events.zz_new",
            Phase.SUSTAINABILITY,
            Category.EVENTS,
            Text("a", "a"),
            False,
        ),
        Item(
            "initiation.leadership.zz_new",
            Phase.INITIATION,
            Category.LEADERSHIP,
            Text("b", "b"),
            False,
        ),
        Item("initiation.events.zz_new", Phase.INITIATION, Category.EVENTS, Text("c", "c"), False),
        Item("initiation.events.aa_new", Phase.INITIATION, Category.EVENTS, Text("d", "d"), False),
    ]
    pilot, initiation = BASE.phase(Phase.PILOT), BASE.phase(Phase.INITIATION)
    assert pilot is not None and initiation is not None
    removals = [pilot.items[-1].key, initiation.items[0].key]
    new = derive(BASE, "z", add=additions, remove=removals)
    diff = diff_models(BASE, new)
    assert [i.key for i in diff.added] == [
        "initiation.events.zz_new",  # the checklist keeps the order they were added in
        "initiation.events.aa_new",
        "initiation.leadership.zz_new",
        "sustainability.events.zz_new",
    ]
    assert [i.key for i in diff.removed] == list(reversed(removals))
    assert diff_models(BASE, new) == diff


def test_one_phase_of_the_diff() -> None:
    diff = diff_models(BASE, derived_model())
    start = diff.in_phase(Phase.STARTING_POINT)
    assert [i.key for i in start.added] == [ADDED]
    assert [c.key for c in start.changed] == [REWORDED]
    initiation = diff.in_phase(Phase.INITIATION)
    assert not initiation.added and not initiation.removed
    assert [c.key for c in initiation.changed] == [NOW_REQUIRED]
    assert diff.in_phase(Phase.PILOT).is_empty
