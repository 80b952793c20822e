"""Checking an internationalisation assessment: every key, every range, clear messages."""

from __future__ import annotations

from copy import deepcopy
from datetime import date
from typing import Any

import pytest

from app.internationalisation.grids import AXES, DEFAULT_GRID
from app.internationalisation.rules import InvalidAssessment, validate_assessment
from app.internationalisation.scale import LEVELS, Dimension

TODAY = date(2026, 11, 24)


def valid() -> dict[str, Any]:
    body: dict[str, Any] = {"assessed_on": "2026-11-02", "level": 4}
    for dimension, axes in AXES.items():
        body[dimension.value] = {axis.key: 2 for axis in axes}
    return body


def errors_of(body: dict[str, Any]) -> dict[str, str]:
    with pytest.raises(InvalidAssessment) as caught:
        validate_assessment(body, today=TODAY, default_grid=DEFAULT_GRID)
    return caught.value.errors


def test_a_complete_assessment_passes_with_nulls_as_no_information() -> None:
    body = valid()
    body["groups"]["support_organisations"] = None
    data = validate_assessment(body, today=TODAY, default_grid=DEFAULT_GRID)
    assert data.assessed_on == date(2026, 11, 2) and data.level == 4
    assert data.grid == "ru-pilot-clusters/1"
    assert data.scores[Dimension.GROUPS]["support_organisations"] is None
    assert data.swot is None and data.kpis == ()


def test_the_vocabulary_matches_the_api() -> None:
    assert [a.key for a in AXES[Dimension.GROUPS]] == [
        "anchor_companies", "universities", "research_institutes", "smes",
        "support_organisations", "cluster_organisation",
    ]  # fmt: skip
    assert len(AXES[Dimension.DIRECTIONS]) == 8 and len(AXES[Dimension.GEOGRAPHY]) == 5
    assert sorted(LEVELS) == [1, 2, 3, 4, 5, 6, 7]
    assert all(text.sv and text.en for text in LEVELS.values())


@pytest.mark.parametrize("score", [5, -1, 2.5, "3", True])
def test_a_score_out_of_range_or_of_the_wrong_kind_names_its_field(score: object) -> None:
    body = valid()
    body["directions"]["export"] = score
    errors = errors_of(body)
    assert list(errors) == ["directions.export"]
    assert "0 to 4, or null" in errors["directions.export"]


@pytest.mark.parametrize("level", [0, 8, None, "4", 4.0])
def test_the_level_is_a_whole_number_from_1_to_7(level: object) -> None:
    body = valid()
    body["level"] = level
    assert list(errors_of(body)) == ["level"]


def test_missing_and_unknown_keys_are_named() -> None:
    body = valid()
    del body["geography"]["cis"]
    body["geography"]["antarctica"] = 1
    body["mood"] = "good"
    del body["groups"]
    errors = errors_of(body)
    assert errors["geography"] == "unknown keys: antarctica; missing keys: cis"
    assert errors["body"] == "unknown fields: mood"
    assert "anchor_companies" in errors["groups"]


@pytest.mark.parametrize(
    ("assessed_on", "message"),
    [(None, "missing"), ("2026-13-01", "YYYY-MM-DD"), ("2026-11-25", "future")],
)
def test_the_date_is_checked(assessed_on: object, message: str) -> None:
    body = valid()
    body["assessed_on"] = assessed_on
    assert message in errors_of(body)["assessed_on"]


def test_swot_and_kpis_are_optional_and_checked_when_given() -> None:
    body = valid() | {
        "swot": {"strengths": " Starka ankarföretag ", "threats": ""},
        "kpis": [{"name": "Projekt", "target": 4, "actual": 2.5, "unit": "st"}],
    }
    data = validate_assessment(body, today=TODAY, default_grid=DEFAULT_GRID)
    assert data.swot == {"strengths": "Starka ankarföretag"}
    assert data.kpis[0].as_dict() == {"name": "Projekt", "target": 4.0, "actual": 2.5, "unit": "st"}
    bad = deepcopy(body)
    bad["kpis"] = [{"name": "", "target": 1}, {"name": "X", "actual": "many"}]
    bad["swot"] = {"luck": "yes"}
    assert set(errors_of(bad)) == {"kpis.0.name", "kpis.1.actual", "swot"}


@pytest.mark.parametrize("number", [float("nan"), float("inf"), float("-inf"), 10**400])
def test_a_kpi_number_must_be_finite(number: float) -> None:
    # JSON may carry NaN and Infinity (Python's parser takes them), and so may the form
    # ("nan", "inf"); neither database column nor the JSON answer can hold them.
    body = valid() | {"kpis": [{"name": "Projekt", "target": number, "actual": 1}]}
    assert set(errors_of(body)) == {"kpis.0.target"}
