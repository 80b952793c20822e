"""klusterutveckling/2 against v1 and the slides: exactly the changes of issue 14, published."""

from __future__ import annotations

import dataclasses

import pytest

from app.domain.gates import advance_gate
from app.domain.model_diff import DiffField, diff_models
from app.phases import (
    PUBLISHED,
    Category,
    Evidence,
    Phase,
    PhaseModel,
    get_model,
    latest_version,
    registry,
)
from app.phases.v2 import HEADINGS

V1 = get_model("klusterutveckling/1")
V2 = get_model("klusterutveckling/2")

STARTING_POINT = (
    "starting_point.results.development_potential",
    "starting_point.results.critical_mass",
    "starting_point.results.committed_individuals",
    "starting_point.results.business_network",
    "starting_point.results.academic_openness",
)
RTP = (
    "establishment.support.regional_mandate",
    "sustainability.events.influence_regional_financing",
    "sustainability.results.regional_financing_influence",
)

# The whole diff, field by field: nothing added, nothing removed, nothing else changed.
EXPECTED_CHANGES = {
    **dict.fromkeys(STARTING_POINT, (DiffField.CATEGORY,)),
    "initiation.events.development_need": (DiffField.HEADING,),
    "initiation.events.formalise_initiative": (DiffField.HEADING,),
    "initiation.events.leadership_group": (DiffField.TEXT_EN,),
    # A heading asks for no evidence: the note v1 wanted goes with the tick.
    "initiation.support.intensive_effort": (
        DiffField.TEXT_EN,
        DiffField.EVIDENCE,
        DiffField.HEADING,
    ),
    "establishment.support.regional_mandate": (DiffField.TEXT_EN,),
    "sustainability.events.influence_regional_financing": (DiffField.TEXT_EN,),
    "sustainability.support.cluster_contact": (DiffField.EVIDENCE, DiffField.HEADING),
    "sustainability.results.regional_financing_influence": (DiffField.TEXT_EN,),
}


def test_v2_is_published_with_its_fingerprint_after_v1() -> None:
    record = PUBLISHED["klusterutveckling/2"]
    assert record.module == "app.phases.v2"
    assert record.fingerprint == registry.fingerprint(V2)
    assert record.fingerprint == "3bffb73d893ec13993be6da0ca69acbc2abbb2716426e3883dcc388785e50b60"
    assert list(PUBLISHED)[:2] == ["klusterutveckling/1", "klusterutveckling/2"]
    assert latest_version() == "klusterutveckling/2"
    # v1 is untouched: the fingerprint it was published with.
    assert registry.fingerprint(V1) == PUBLISHED["klusterutveckling/1"].fingerprint
    assert PUBLISHED["klusterutveckling/1"].fingerprint.startswith("b60b25f7")


def test_the_diff_lists_exactly_the_changes_of_issue_14() -> None:
    diff = diff_models(V1, V2)
    assert diff.added == () and diff.removed == ()
    assert {c.key: c.fields for c in diff.changed} == EXPECTED_CHANGES
    # In model order: the starting point first, then the phases as they come.
    assert [c.key for c in diff.changed][:5] == list(STARTING_POINT)


def test_the_swedish_text_stays_word_for_word() -> None:
    assert [(i.key, i.text.sv) for i in V2.items] == [(i.key, i.text.sv) for i in V1.items]


def test_four_lead_in_lines_are_headings_shown_never_ticked_never_required() -> None:
    assert {i.key for i in V2.headings} == set(HEADINGS)
    for key in HEADINGS:
        item = V2.item(key)
        assert item is not None and item.heading
        assert not item.required and item.evidence is Evidence.NONE
    assert len(V2.tickable_items) == len(V1.items) - 4
    assert V1.headings == ()


def test_a_heading_groups_the_items_after_it() -> None:
    def groups(phase: Phase, category: Category) -> list[tuple[str | None, int]]:
        spec = V2.phase(phase)
        checklist = spec.checklist(category) if spec else None
        assert checklist is not None
        return [(h.key if h else None, len(items)) for h, items in checklist.groups()]

    assert groups(Phase.INITIATION, Category.EVENTS) == [
        ("initiation.events.development_need", 0),  # a lead-in straight before the next
        ("initiation.events.formalise_initiative", 11),  # "…exempelvis genom att:"
    ]
    assert groups(Phase.INITIATION, Category.SUPPORT) == [
        ("initiation.support.intensive_effort", 4)
    ]
    assert groups(Phase.SUSTAINABILITY, Category.SUPPORT) == [
        (None, 1),  # "Det regionala ledarskapet är engagerat" comes first
        ("sustainability.support.cluster_contact", 7),
    ]


def test_rtp_is_the_regional_growth_programme_and_the_slips_are_fixed() -> None:
    for key in RTP:
        item = V2.item(key)
        assert item is not None
        assert "RTP – the regional growth programme" in item.text.en
        assert "transport" not in item.text.en
    leadership = V2.item("initiation.events.leadership_group")
    assert leadership is not None
    assert leadership.text.en == (
        "Set up a process leadership group (with public/private – a civic entrepreneur)."
    )
    guidance = V2.item("initiation.support.intensive_effort")
    assert guidance is not None and guidance.text.en.endswith("(guidance")
    assert guidance.text.sv.endswith("(vägledning")


def test_the_starting_point_is_its_own_checklist_and_still_gates_initiation() -> None:
    spec = V2.phase(Phase.STARTING_POINT)
    assert spec is not None
    [checklist] = spec.checklists
    assert checklist.category is Category.STARTING_POINT
    assert checklist.title.sv == "Utgångspunkt"
    assert [i.key for i in checklist.items] == list(STARTING_POINT)
    assert [i.key for i in V2.required_items(Phase.STARTING_POINT)] == list(STARTING_POINT)
    for phase in Phase:
        assert V2.required_items(phase) == tuple(
            i for i in V2.items if i.phase is phase and i.required
        )
        assert [i.key for i in V2.required_items(phase)] == [
            i.key for i in V1.required_items(phase)
        ]
    half = dict.fromkeys(STARTING_POINT[:3], "done")
    before, after = (
        advance_gate(V1, Phase.STARTING_POINT, half),
        advance_gate(V2, Phase.STARTING_POINT, half),
    )
    assert after.missing == before.missing == STARTING_POINT[3:]
    done = dict.fromkeys(STARTING_POINT, "done")
    assert advance_gate(V2, Phase.STARTING_POINT, done).allowed


def test_the_fingerprint_sees_a_heading_and_a_heading_cannot_gate() -> None:
    key = "initiation.events.strategic_idea"
    phases = tuple(
        dataclasses.replace(
            spec,
            checklists=tuple(
                dataclasses.replace(
                    c,
                    items=tuple(
                        dataclasses.replace(i, heading=True) if i.key == key else i for i in c.items
                    ),
                )
                for c in spec.checklists
            ),
        )
        for spec in V2.phases
    )
    edited = PhaseModel(V2.version, V2.title, V2.source, phases)
    assert registry.fingerprint(edited) != registry.fingerprint(V2)
    required = V2.item("initiation.results.clear_goals") or V2.required_items(Phase.INITIATION)[0]
    with pytest.raises(ValueError, match="heading"):
        dataclasses.replace(required, heading=True)
