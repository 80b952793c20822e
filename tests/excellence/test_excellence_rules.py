"""Cluster Excellence rules, pure: a label's validity and input, notes, who writes."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from app.domain.permissions import Role
from app.excellence.rules import (
    AREA_EVIDENCE,
    InvalidLabel,
    LabelLevel,
    ReadinessArea,
    days_left,
    default_valid_until,
    expiring_within,
    in_force,
    may_record_label,
    may_write_notes,
    validate_label,
    validate_note,
)

TODAY = date(2026, 11, 30)


def label(**raw: Any) -> Any:
    sent = {"level": "bronze", "awarded_on": "2026-03-12", "assessing_organisation": "ESCA", **raw}
    return validate_label(sent, today=TODAY, evidence_ids={7})


def test_a_label_is_valid_two_years_unless_said_otherwise() -> None:
    got = label(level="Silver", evidence_id="7")
    assert got.level is LabelLevel.SILVER and got.evidence_id == 7
    assert got.valid_until == date(2028, 3, 12)
    assert label(valid_until="2027-06-30").valid_until == date(2027, 6, 30)
    assert default_valid_until(date(2024, 2, 29)) == date(2026, 2, 28)


@pytest.mark.parametrize(
    ("raw", "field", "code"),
    [
        ({"level": "platinum"}, "level", "unknown_label_level"),
        ({"awarded_on": "2026-12-01"}, "awarded_on", "date_in_future"),
        ({"awarded_on": "12 mars"}, "awarded_on", "invalid_date"),
        ({"awarded_on": None}, "awarded_on", "required"),
        ({"valid_until": "2026-03-12"}, "valid_until", "validity_before_award"),
        ({"assessing_organisation": "  "}, "assessing_organisation", "required"),
        ({"assessing_organisation": "x" * 201}, "assessing_organisation", "too_long"),
        ({"evidence_id": 8}, "evidence_id", "unknown_evidence"),
        ({"evidence_id": True}, "evidence_id", "unknown_evidence"),
        ({"score": 3}, "score", "unknown_field"),
    ],
)
def test_each_problem_names_its_field(raw: dict[str, Any], field: str, code: str) -> None:
    with pytest.raises(InvalidLabel) as refused:
        label(**raw)
    assert (refused.value.field, refused.value.code) == (field, code)


def test_notes_name_one_of_the_six_areas() -> None:
    assert [a.value for a in ReadinessArea] == [
        "structure", "management", "financing", "services", "interaction", "achievements",
    ]  # fmt: skip
    note = validate_note({"area": "services", "text": " Listor "}, evidence_ids=set())
    assert (note.area, note.text, note.evidence_id) == (ReadinessArea.SERVICES, "Listor", None)
    bad: list[tuple[dict[str, Any], str]] = [
        ({"area": "points", "text": "x"}, "area"),
        ({"area": "services", "text": ""}, "text"),
        ({"area": "services", "text": "x", "evidence_id": 3}, "evidence_id"),
    ]
    for raw, field in bad:
        with pytest.raises(InvalidLabel) as refused:
            validate_note(raw, evidence_ids={4})
        assert refused.value.field == field
    assert set(ReadinessArea) - set(AREA_EVIDENCE) == {ReadinessArea.FINANCING}  # no checklist


def test_who_writes_and_when_a_label_lapses() -> None:
    assert [r for r in Role if may_record_label(r)] == [Role.ADMIN, Role.SUPPORT]
    assert may_write_notes(Role.LEADERSHIP, is_member=True)
    assert not may_write_notes(Role.LEADERSHIP, is_member=False)
    assert not may_write_notes(Role.FUNDER, is_member=True)
    assert expiring_within(None) is None and expiring_within(" 90 ") == 90
    for days in ("-1", "3651", "ten", "٣"):
        with pytest.raises(InvalidLabel):
            expiring_within(days)
    assert days_left(date(2026, 12, 1), TODAY) == 1 and days_left(TODAY, TODAY) == 0
    assert in_force(date(2025, 1, 1), TODAY, TODAY)
    assert not in_force(TODAY, TODAY, date(2026, 12, 1))
