"""Checking what is sent for the internationalisation programme: every problem at once. Pure.

The dissertation's programme ("программа интернационализации Кластера") has measures by
four key directions, target indicators ("индикаторы эффективности (целевые показатели)")
and a yearly review ("анализ результатов, обсуждение в рамках Совета Кластера ...,
корректировка программы"): a review is due a year after the last one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from app.domain.invalid import InvalidFields
from app.internationalisation.rules import finite_number
from app.internationalisation.scale import KeyDirection

TITLE_MAX = 300
OWNER_MAX = 200
NAME_MAX = 200
UNIT_MAX = 40
BODY_MAX = 200
CHANGES_MAX = 4000
INDICATORS_MAX = 10
NUMBERS = ("baseline", "target", "actual")


class InvalidProgramme(InvalidFields):
    """Every problem of a measure, an indicator's figures or a review at once."""


@dataclass(frozen=True, slots=True)
class IndicatorInput:
    name: str
    unit: str | None
    baseline: float | None
    target: float | None
    actual: float | None


@dataclass(frozen=True, slots=True)
class MeasureInput:
    direction: KeyDirection
    title: str
    owner: str
    due_on: date
    indicators: tuple[IndicatorInput, ...]


@dataclass(frozen=True, slots=True)
class ReviewInput:
    reviewed_on: date
    body: str
    changes: str


def _unknown(raw: Mapping[str, Any], known: set[str], errors: dict[str, str]) -> None:
    unknown = sorted(set(raw) - known)
    if unknown:
        errors["body"] = f"unknown fields: {', '.join(map(str, unknown))}"


def _text(raw: Mapping[str, Any], field: str, limit: int, errors: dict[str, str]) -> str:
    value = raw.get(field)
    if not isinstance(value, str) or not value.strip() or len(value.strip()) > limit:
        errors[field] = f"needs a text of at most {limit} characters"
        return ""
    return value.strip()


def _date(
    raw: Mapping[str, Any], field: str, errors: dict[str, str], *, not_after: date | None = None
) -> date | None:
    value = raw.get(field)
    try:
        day = value if isinstance(value, date) else date.fromisoformat(str(value))
    except ValueError:
        errors[field] = f"must be a date written YYYY-MM-DD (got {value!r})"
        return None
    if not_after is not None and day > not_after:
        errors[field] = "lies in the future"
        return None
    return day


def _numbers(raw: Mapping[str, Any], where: str, errors: dict[str, str]) -> dict[str, float | None]:
    numbers: dict[str, float | None] = {}
    for field in NUMBERS:
        if field in raw:
            try:
                numbers[field] = finite_number(raw[field])
            except ValueError as error:
                errors[f"{where}{field}"] = str(error)
    return numbers


def _indicator(raw: object, where: str, errors: dict[str, str]) -> IndicatorInput | None:
    if not isinstance(raw, Mapping) or set(raw) - {"name", "unit", *NUMBERS}:
        errors[where.rstrip(".")] = "must be an object with name, unit, baseline, target, actual"
        return None
    found: dict[str, str] = {}
    name = _text(raw, "name", NAME_MAX, found)
    unit = raw.get("unit")
    if unit is not None and (not isinstance(unit, str) or len(unit) > UNIT_MAX):
        found["unit"] = f"must be text of at most {UNIT_MAX} characters"
    numbers = _numbers(raw, "", found)
    errors.update({f"{where}{field}": message for field, message in found.items()})
    if found:
        return None
    unit_text = (unit or "").strip() or None
    return IndicatorInput(
        name, unit_text, numbers.get("baseline"), numbers.get("target"), numbers.get("actual")
    )


def validate_measure(raw: Mapping[str, Any]) -> MeasureInput:
    """A measure with its target indicators, or InvalidProgramme naming every problem."""
    errors: dict[str, str] = {}
    _unknown(raw, {"direction", "title", "owner", "due_on", "indicators"}, errors)
    direction: KeyDirection | None = None
    try:
        direction = KeyDirection(str(raw.get("direction")))
    except ValueError:
        errors["direction"] = f"must be one of {', '.join(KeyDirection)}"
    title = _text(raw, "title", TITLE_MAX, errors)
    owner = _text(raw, "owner", OWNER_MAX, errors)
    due_on = _date(raw, "due_on", errors)
    listed = raw.get("indicators") or []
    indicators: list[IndicatorInput] = []
    if not isinstance(listed, list) or len(listed) > INDICATORS_MAX:
        errors["indicators"] = f"must be a list of at most {INDICATORS_MAX} indicators"
    else:
        for index, entry in enumerate(listed):
            indicator = _indicator(entry, f"indicators.{index}.", errors)
            if indicator is not None:
                indicators.append(indicator)
    if errors or direction is None or due_on is None:
        raise InvalidProgramme(errors)
    return MeasureInput(direction, title, owner, due_on, tuple(indicators))


def validate_indicator_update(raw: Mapping[str, Any]) -> dict[str, float | None]:
    """The figures to change (any of baseline, target, actual; null clears one)."""
    errors: dict[str, str] = {}
    _unknown(raw, set(NUMBERS), errors)
    numbers = _numbers(raw, "", errors)
    if not raw:
        errors["body"] = f"give at least one of {', '.join(NUMBERS)}"
    if errors:
        raise InvalidProgramme(errors)
    return numbers


def validate_review(raw: Mapping[str, Any], *, today: date) -> ReviewInput:
    errors: dict[str, str] = {}
    _unknown(raw, {"reviewed_on", "body", "changes"}, errors)
    reviewed_on = _date(raw, "reviewed_on", errors, not_after=today)
    body = _text(raw, "body", BODY_MAX, errors)
    changes = _text(raw, "changes", CHANGES_MAX, errors)
    if errors or reviewed_on is None:
        raise InvalidProgramme(errors)
    return ReviewInput(reviewed_on, body, changes)


def next_review_due(last: date | None) -> date | None:
    """A year after the last review (29 February: 28 February); None before the first."""
    if last is None:
        return None
    try:
        return last.replace(year=last.year + 1)
    except ValueError:
        return last.replace(year=last.year + 1, day=28)


def progress(baseline: float | None, target: float | None, actual: float | None) -> float | None:
    """How far from the baseline towards the target the actual has come (0..1, may pass 1);
    None when a figure is missing or the target equals the baseline."""
    if baseline is None or target is None or actual is None or target == baseline:
        return None
    return (actual - baseline) / (target - baseline)
