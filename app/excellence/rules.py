"""Cluster Excellence labels and the preparation for them: the levels, a label's validity,
the six areas the Bronze benchmarking interview is published to cover, who writes what,
and checking what is sent. Pure.

The areas are named as ESCA publishes them; their indicators and points are ESCA's and are
not reproduced here: the readiness page is a preparation aid, not the assessment.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from app.domain.invalid import InvalidField
from app.domain.permissions import Role
from app.phases import Category

VALIDITY_YEARS = 2  # the validity the label's published terms give Bronze
ORGANISATION_MAX = 200
NOTE_MAX = 4000
EXPIRING_MAX_DAYS = 3650
LABEL_FIELDS = frozenset(
    {"level", "awarded_on", "valid_until", "assessing_organisation", "evidence_id"}
)


class LabelLevel(StrEnum):
    BRONZE = "bronze"
    SILVER = "silver"
    GOLD = "gold"


class ReadinessArea(StrEnum):
    """The six areas of the Bronze benchmarking interview, in the published order."""

    STRUCTURE = "structure"  # the structure of the cluster
    MANAGEMENT = "management"  # cluster management and governance
    FINANCING = "financing"  # financing of the cluster management
    SERVICES = "services"  # services provided by the cluster management
    INTERACTION = "interaction"  # contacts and interaction within the cluster
    ACHIEVEMENTS = "achievements"  # achievements and recognition


# Whose evidence on the phase model's checklists speaks to an area: the tracker's own
# records shown beside it, not a scoring of it.
AREA_EVIDENCE: dict[ReadinessArea, frozenset[Category]] = {
    # The starting point's checklist: critical mass, committed people, networks, openness.
    ReadinessArea.STRUCTURE: frozenset({Category.STARTING_POINT}),
    ReadinessArea.MANAGEMENT: frozenset({Category.LEADERSHIP}),
    ReadinessArea.SERVICES: frozenset({Category.SUPPORT}),
    ReadinessArea.INTERACTION: frozenset({Category.EVENTS}),
    ReadinessArea.ACHIEVEMENTS: frozenset({Category.RESULTS}),
}


class InvalidLabel(InvalidField):
    pass


@dataclass(frozen=True, slots=True)
class LabelInput:
    level: LabelLevel
    awarded_on: date
    valid_until: date
    assessing_organisation: str
    evidence_id: int | None


@dataclass(frozen=True, slots=True)
class NoteInput:
    area: ReadinessArea
    text: str
    evidence_id: int | None


def may_record_label(role: Role) -> bool:
    return role in {Role.ADMIN, Role.SUPPORT}


def may_write_notes(role: Role, *, is_member: bool) -> bool:
    """The group preparing for the label: its process leadership, support and admins."""
    return role in {Role.ADMIN, Role.SUPPORT} or (role is Role.LEADERSHIP and is_member)


def default_valid_until(awarded_on: date) -> date:
    """Two years after the award (a label awarded on 29 February runs to 28 February)."""
    year = awarded_on.year + VALIDITY_YEARS
    try:
        return awarded_on.replace(year=year)
    except ValueError:
        return awarded_on.replace(year=year, day=28)


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def _day(field: str, value: object) -> date:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise InvalidLabel(field, f"{field} must be a date (YYYY-MM-DD).", "invalid_date")


def _evidence(value: object, evidence_ids: Collection[int]) -> int | None:
    if _blank(value):
        return None
    if isinstance(value, str) and _digits(value.strip()):
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or value not in evidence_ids:
        raise InvalidLabel(
            "evidence_id",
            "evidence_id must be a piece of this initiative's evidence (not withdrawn).",
            "unknown_evidence",
        )
    return value


def validate_label(
    raw: Mapping[str, Any], *, today: date, evidence_ids: Collection[int]
) -> LabelInput:
    unknown = sorted(set(raw) - LABEL_FIELDS)
    if unknown:
        raise InvalidLabel(
            unknown[0], f"Unknown field {unknown[0]!r}.", "unknown_field", name=unknown[0]
        )
    level_raw = raw.get("level")
    try:
        level = LabelLevel(
            level_raw.strip().lower() if isinstance(level_raw, str) else str(level_raw)
        )
    except ValueError:
        raise InvalidLabel(
            "level", "level must be bronze, silver or gold.", "unknown_label_level"
        ) from None
    if _blank(raw.get("awarded_on")):
        raise InvalidLabel("awarded_on", "awarded_on is required.", "required")
    awarded_on = _day("awarded_on", raw["awarded_on"])
    if awarded_on > today:
        raise InvalidLabel("awarded_on", "awarded_on must not be in the future.", "date_in_future")
    if _blank(raw.get("valid_until")):
        valid_until = default_valid_until(awarded_on)
    else:
        valid_until = _day("valid_until", raw["valid_until"])
    if valid_until <= awarded_on:
        raise InvalidLabel(
            "valid_until", "valid_until must be after awarded_on.", "validity_before_award"
        )
    organisation = raw.get("assessing_organisation")
    if _blank(organisation) or not isinstance(organisation, str):
        raise InvalidLabel(
            "assessing_organisation", "assessing_organisation is required.", "required"
        )
    organisation = organisation.strip()
    if len(organisation) > ORGANISATION_MAX:
        raise InvalidLabel(
            "assessing_organisation",
            f"assessing_organisation is longer than {ORGANISATION_MAX} characters.",
            "too_long",
            limit=ORGANISATION_MAX,
        )
    evidence_id = _evidence(raw.get("evidence_id"), evidence_ids)
    return LabelInput(level, awarded_on, valid_until, organisation, evidence_id)


def validate_note(raw: Mapping[str, Any], *, evidence_ids: Collection[int]) -> NoteInput:
    try:
        area = ReadinessArea(str(raw.get("area") or "").strip())
    except ValueError:
        raise InvalidLabel("area", "area is not one of the six areas.", "unknown_area") from None
    text = raw.get("text")
    if _blank(text) or not isinstance(text, str):
        raise InvalidLabel("text", "Write the note.", "note_required")
    text = text.strip()
    if len(text) > NOTE_MAX:
        raise InvalidLabel(
            "text", f"The note is longer than {NOTE_MAX} characters.", "too_long", limit=NOTE_MAX
        )
    return NoteInput(area, text, _evidence(raw.get("evidence_id"), evidence_ids))


def expiring_within(raw: str | None) -> int | None:
    """The `expiring_within_days` of a query string: None when not asked."""
    if _blank(raw):
        return None
    assert raw is not None
    text = raw.strip()
    if not _digits(text) or int(text) > EXPIRING_MAX_DAYS:
        raise InvalidLabel(
            "expiring_within_days",
            f"expiring_within_days must be a whole number from 0 to {EXPIRING_MAX_DAYS}.",
            "invalid_days",
            limit=EXPIRING_MAX_DAYS,
        )
    return int(text)


def days_left(valid_until: date, today: date) -> int:
    """Days until the label lapses; negative once it has (valid_until is its last day)."""
    return (valid_until - today).days


def in_force(awarded_on: date, valid_until: date, today: date) -> bool:
    return awarded_on <= today <= valid_until
