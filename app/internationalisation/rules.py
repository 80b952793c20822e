"""Checking an assessment as sent (JSON or form): every field, every problem at once. Pure."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from app.domain.invalid import InvalidFields
from app.internationalisation.grids import GRIDS, Grid
from app.internationalisation.scale import (
    LEVEL_MAX,
    LEVEL_MIN,
    LEVEL_RANGE,
    SCORE_MAX,
    SCORE_MIN,
    SWOT_FIELDS,
    Dimension,
)

FIELDS = frozenset({"assessed_on", "level", "grid", "swot", "kpis"} | {d.value for d in Dimension})
TEXT_MAX = 4000
KPI_MAX = 30
KPI_NAME_MAX = 200


class InvalidAssessment(InvalidFields):
    """Every problem of an assessment at once: field -> message."""


@dataclass(frozen=True, slots=True)
class Kpi:
    name: str
    target: float | None
    actual: float | None
    unit: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "target": self.target, "actual": self.actual, "unit": self.unit}


@dataclass(frozen=True, slots=True)
class AssessmentInput:
    assessed_on: date
    level: int
    grid: str  # the grid the scores were given under (grids.py)
    scores: dict[Dimension, dict[str, int | None]]
    swot: dict[str, str] | None
    kpis: tuple[Kpi, ...]


@dataclass(frozen=True, slots=True)
class LevelCounts:
    """How many (latest) assessments stand at each level: the survey's distribution, and the
    median the 7-level ordinal scale calls for (the mean is kept for comparison)."""

    counts: Mapping[int, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def distribution(self) -> dict[int, tuple[int, float | None]]:
        """For each level 1-7: (n, the share of all counted)."""
        total = self.total
        return {
            level: (n := self.counts.get(level, 0), n / total if total else None)
            for level in LEVEL_RANGE
        }

    @property
    def mean(self) -> float | None:
        total = self.total
        return sum(level * n for level, n in self.counts.items()) / total if total else None

    @property
    def median(self) -> float | None:
        """The middle level; with an even count, halfway between the two middle ones."""
        total = self.total
        if not total:
            return None
        ordered = [level for level in sorted(self.counts) for _ in range(self.counts[level])]
        middle = total // 2
        if total % 2:
            return float(ordered[middle])
        return (ordered[middle - 1] + ordered[middle]) / 2


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def finite_number(value: object) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("must be a number or null")
    try:
        number = float(value)
    except OverflowError:  # an integer beyond any float
        number = math.inf
    if not math.isfinite(number):  # NaN and Infinity: no JSON answer or column holds them
        raise ValueError("must be a finite number or null")
    return number


def _scores(
    grid: Grid, dimension: Dimension, raw: object, errors: dict[str, str]
) -> dict[str, int | None]:
    keys = list(grid.keys(dimension))
    if not isinstance(raw, Mapping):
        errors[dimension.value] = f"must be an object with the keys {', '.join(keys)}"
        return {}
    unknown = sorted(set(raw) - set(keys))
    missing = [key for key in keys if key not in raw]
    if unknown:
        errors[dimension.value] = f"unknown keys: {', '.join(map(str, unknown))}"
    if missing:
        text = f"missing keys: {', '.join(missing)}"
        errors[dimension.value] = f"{errors[dimension.value]}; {text}" if unknown else text
    scores: dict[str, int | None] = {}
    for key in keys:
        value = raw.get(key)
        if value is not None and not (_is_int(value) and SCORE_MIN <= value <= SCORE_MAX):
            errors[f"{dimension.value}.{key}"] = (
                f"must be a whole number from {SCORE_MIN} to {SCORE_MAX}, or null for "
                f"no information (got {value!r})"
            )
        scores[key] = value
    return scores


def _swot(raw: object, errors: dict[str, str]) -> dict[str, str] | None:
    if raw is None:
        return None
    names = [name for name, _ in SWOT_FIELDS]
    if not isinstance(raw, Mapping) or set(raw) - set(names):
        errors["swot"] = f"must be an object with some of the keys {', '.join(names)}"
        return None
    swot: dict[str, str] = {}
    for name in names:
        value = raw.get(name)
        if value is None:
            continue
        if not isinstance(value, str) or len(value) > TEXT_MAX:
            errors[f"swot.{name}"] = f"must be text of at most {TEXT_MAX} characters"
        elif value.strip():
            swot[name] = value.strip()
    return swot or None


def _kpis(raw: object, errors: dict[str, str]) -> tuple[Kpi, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or len(raw) > KPI_MAX:
        errors["kpis"] = f"must be a list of at most {KPI_MAX} KPIs"
        return ()
    kpis: list[Kpi] = []
    for index, entry in enumerate(raw):
        where = f"kpis.{index}"
        if not isinstance(entry, Mapping) or set(entry) - {"name", "target", "actual", "unit"}:
            errors[where] = "must be an object with name, target, actual and (optional) unit"
            continue
        name, unit = entry.get("name"), entry.get("unit")
        if not isinstance(name, str) or not name.strip() or len(name) > KPI_NAME_MAX:
            errors[f"{where}.name"] = f"a KPI needs a name of at most {KPI_NAME_MAX} characters"
            continue
        if unit is not None and (not isinstance(unit, str) or len(unit) > 40):
            errors[f"{where}.unit"] = "the unit must be text of at most 40 characters"
            continue
        numbers: dict[str, float | None] = {}
        for field in ("target", "actual"):
            try:
                numbers[field] = finite_number(entry.get(field))
            except ValueError as error:
                errors[f"{where}.{field}"] = str(error)
        if len(numbers) == 2:
            unit_text = (unit or "").strip() or None
            kpis.append(Kpi(name.strip(), numbers["target"], numbers["actual"], unit_text))
    return tuple(kpis)


def _grid(raw: object, default: str, errors: dict[str, str]) -> Grid | None:
    if raw is None:
        return GRIDS[default]
    if not isinstance(raw, str) or raw not in GRIDS:
        errors["grid"] = f"must be one of {', '.join(GRIDS)} (got {raw!r})"
        return None  # the scores cannot be read without knowing their grid
    return GRIDS[raw]


def validate_assessment(
    raw: Mapping[str, Any], *, today: date, default_grid: str
) -> AssessmentInput:
    """The assessment, or InvalidAssessment naming every bad, unknown or missing field.

    The scores are checked against the grid `raw` names, else the installation's preset."""
    errors: dict[str, str] = {}
    unknown = sorted(set(raw) - FIELDS)
    if unknown:
        errors["body"] = f"unknown fields: {', '.join(map(str, unknown))}"
    assessed_on: date | None = None
    value = raw.get("assessed_on")
    if value is None:
        errors["assessed_on"] = "missing: give the date as YYYY-MM-DD"
    else:
        try:
            assessed_on = value if isinstance(value, date) else date.fromisoformat(str(value))
            if assessed_on > today:
                errors["assessed_on"] = "lies in the future"
        except ValueError:
            errors["assessed_on"] = f"must be a date written YYYY-MM-DD (got {value!r})"
    level = raw.get("level")
    if not (isinstance(level, int) and _is_int(level) and LEVEL_MIN <= level <= LEVEL_MAX):
        errors["level"] = f"must be a whole number from {LEVEL_MIN} to {LEVEL_MAX} (got {level!r})"
    grid = _grid(raw.get("grid"), default_grid, errors)
    scores = {d: _scores(grid, d, raw.get(d.value), errors) for d in Dimension} if grid else {}
    swot, kpis = _swot(raw.get("swot"), errors), _kpis(raw.get("kpis"), errors)
    if errors or assessed_on is None or grid is None:
        raise InvalidAssessment(errors)
    return AssessmentInput(assessed_on, int(level), grid.id, scores, swot, kpis)  # type: ignore[arg-type]
