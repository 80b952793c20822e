"""The grids as versioned data: two presets, each fixed by its fingerprint, and an assessment
checked against the grid it is given under. Pure."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

import pytest

from app.internationalisation import grids
from app.internationalisation.grids import (
    DEFAULT_GRID,
    GRIDS,
    RU_PILOT_CLUSTERS,
    SE_REGIONAL,
    Axis,
    Grid,
    GridChanged,
)
from app.internationalisation.rules import InvalidAssessment, validate_assessment
from app.internationalisation.scale import Dimension
from app.phases import Text

TODAY = date(2026, 11, 30)


def _body(shape: Grid, **extra: Any) -> dict[str, Any]:
    """An assessment with a score for every key of `shape`'s grid."""
    body: dict[str, Any] = {"assessed_on": "2026-11-02", "level": 3, **extra}
    for dimension in Dimension:
        body[dimension.value] = dict.fromkeys(shape.keys(dimension), 2)
    return body


def test_two_presets_in_publishing_order_with_their_fingerprints() -> None:
    assert list(GRIDS) == ["ru-pilot-clusters/1", "se-regional/1"]
    assert DEFAULT_GRID == "ru-pilot-clusters/1"  # today's grid: comparable with the survey
    records = grids.read_record()
    assert set(records) == set(GRIDS)
    for grid in GRIDS.values():
        assert records[grid.id]["fingerprint"] == grids.fingerprint(grid)


def test_the_swedish_preset_keeps_groups_and_directions_and_has_its_own_geography() -> None:
    for dimension in (Dimension.GROUPS, Dimension.DIRECTIONS):
        assert SE_REGIONAL.axes[dimension] == RU_PILOT_CLUSTERS.axes[dimension]
    assert [(a.key, a.name.sv) for a in SE_REGIONAL.axes[Dimension.GEOGRAPHY]] == [
        ("nordics", "Norden"),
        ("eu_eea", "EU/EES"),
        ("europe_other", "Europa utanför EU/EES"),
        ("north_america", "Nordamerika"),
        ("asia", "Asien"),
        ("rest_of_world", "Övriga världen"),
    ]
    assert RU_PILOT_CLUSTERS.keys(Dimension.GEOGRAPHY) == (
        "europe",
        "apec",
        "customs_union",
        "cis",
        "transnational",
    )


def test_a_published_grid_cannot_change() -> None:
    rest = SE_REGIONAL.axes[Dimension.GEOGRAPHY][1:]
    renamed = (Axis("nordics", Text("Norden", "Scandinavia")), *rest)
    edited = dataclasses.replace(
        SE_REGIONAL, axes={**SE_REGIONAL.axes, Dimension.GEOGRAPHY: renamed}
    )
    assert grids.fingerprint(edited) != grids.fingerprint(SE_REGIONAL)
    with pytest.raises(GridChanged, match="must not change"):
        grids.verify(edited, grids.read_record())
    with pytest.raises(GridChanged, match="not recorded"):
        grids.verify(dataclasses.replace(SE_REGIONAL, id="se-regional/2"), grids.read_record())


def test_an_assessment_is_checked_against_the_grid_it_names_else_the_preset() -> None:
    plain = validate_assessment(_body(RU_PILOT_CLUSTERS), today=TODAY, default_grid=DEFAULT_GRID)
    assert plain.grid == "ru-pilot-clusters/1"
    preset = validate_assessment(_body(SE_REGIONAL), today=TODAY, default_grid="se-regional/1")
    assert preset.grid == "se-regional/1"
    assert list(preset.scores[Dimension.GEOGRAPHY]) == list(SE_REGIONAL.keys(Dimension.GEOGRAPHY))
    named = validate_assessment(
        _body(SE_REGIONAL, grid="se-regional/1"), today=TODAY, default_grid=DEFAULT_GRID
    )
    assert named.grid == "se-regional/1"
    with pytest.raises(InvalidAssessment) as wrong_keys:
        validate_assessment(_body(SE_REGIONAL), today=TODAY, default_grid=DEFAULT_GRID)
    assert "missing keys: europe" in wrong_keys.value.errors["geography"]
    with pytest.raises(InvalidAssessment) as unknown:
        validate_assessment(
            _body(SE_REGIONAL, grid="se-regional/9"), today=TODAY, default_grid=DEFAULT_GRID
        )
    assert list(unknown.value.errors) == ["grid"]  # the scores are not judged by a guess
