"""The survey's statistics on a fixed set, worked out by hand, and the grids compared like with
like: each initiative's latest assessment, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy.orm import Session

from app import errors
from app.initiatives import services as initiatives
from app.internationalisation import services
from app.internationalisation.grids import RU_PILOT_CLUSTERS, SE_REGIONAL, Grid
from app.internationalisation.scale import Dimension
from app.models.initiatives import Initiative
from app.portfolio.queries import Scope
from app.portfolio.rules import PortfolioFilters
from tests.conftest import People

N = None  # "no information"


def raw(grid: Grid, on: str, level: int, first: list[int | None]) -> dict[str, Any]:
    """An assessment under `grid`: the first key of each dimension scored from `first`
    (groups, directions, geography), every other key 2."""
    body: dict[str, Any] = {"assessed_on": on, "level": level, "grid": grid.id}
    for dimension, score in zip(Dimension, first, strict=True):
        keys = grid.keys(dimension)
        body[dimension.value] = {key: score if key == keys[0] else 2 for key in keys}
    return body


def summary(session: Session, people: People, grid: str = "ru-pilot-clusters/1") -> Any:
    scope = Scope(user=people.support, now=datetime.now(UTC), default_stalled_days=30)
    return services.portfolio_summary(session, scope=scope, chosen=PortfolioFilters(), grid=grid)


def _initiatives(session: Session, people: People, n: int) -> list[Initiative]:
    return [
        initiatives.create_initiative(session, actor=people.support, name=f"I{i}", region="R")
        for i in range(1, n + 1)
    ]


@pytest.fixture
def fixed(session: Session, people: People) -> list[Initiative]:
    """Seven initiatives; six assessed under today's grid, I1 twice (only its latest counts).

    latest level  2  3  3  5  7  7    (I7 never assessed)
    anchor (0-4)  0  0  N  2  4  3
    science       1  N  N  0  4  4
    europe        0  0  0  0  3  N
    """
    made = _initiatives(session, people, 7)
    ru = RU_PILOT_CLUSTERS
    rows: list[tuple[int, str, int, list[int | None]]] = [
        (0, "2025-03-01", 7, [4, 4, 4]),  # I1's earlier assessment: never counted
        (0, "2026-03-01", 2, [0, 1, 0]),
        (1, "2026-03-02", 3, [0, N, 0]),
        (2, "2026-03-03", 3, [N, N, 0]),
        (3, "2026-03-04", 5, [2, 0, 0]),
        (4, "2026-03-05", 7, [4, 4, 3]),
        (5, "2026-03-06", 7, [3, 4, N]),
    ]
    for index, on, level, first in rows:
        services.record(
            session,
            user=people.support,
            initiative_id=made[index].id,
            raw=raw(ru, on, level, first),
        )
    return made


def test_the_statistics_of_the_survey_on_a_fixed_set(
    session: Session, people: People, fixed: list[Initiative]
) -> None:
    result = summary(session, people)
    assert (result.initiatives, result.assessed, result.compared) == (7, 6, 6)
    assert result.levels.distribution() == {
        1: (0, 0.0),
        2: (1, 1 / 6),
        3: (2, 2 / 6),
        4: (0, 0.0),
        5: (1, 1 / 6),
        6: (0, 0.0),
        7: (2, 2 / 6),
    }
    assert result.median_level == 4.0  # halfway between the third (3) and the fourth (5)
    assert result.mean_level == pytest.approx(27 / 6)
    anchor = result.by_key[Dimension.GROUPS]["anchor_companies"]
    assert anchor.as_dict() == {
        "mean": pytest.approx(9 / 5),
        "share_high": pytest.approx(2 / 5),
        "share_no_info": pytest.approx(1 / 6),
        "share_zero": pytest.approx(2 / 6),  # of all six assessed, as the survey counts
        "n": 6,
    }
    science = result.by_key[Dimension.DIRECTIONS]["science"]
    assert science.as_dict() == {
        "mean": pytest.approx(9 / 4),
        "share_high": pytest.approx(2 / 4),
        "share_no_info": pytest.approx(2 / 6),
        "share_zero": pytest.approx(1 / 6),
        "n": 6,
    }
    europe = result.by_key[Dimension.GEOGRAPHY]["europe"]
    assert (europe.share_zero, europe.share_no_info, europe.mean) == (
        pytest.approx(4 / 6),
        pytest.approx(1 / 6),
        pytest.approx(3 / 5),
    )
    smes = result.by_key[Dimension.GROUPS]["smes"]  # always 2
    assert (smes.share_zero, smes.share_high, smes.mean) == (0.0, 0.0, 2.0)


def test_an_assessment_under_each_preset_and_the_summary_compares_like_with_like(
    session: Session, people: People
) -> None:
    a, b, c = _initiatives(session, people, 3)
    record = services.record
    # A: today's grid, by the installation's default.
    first = raw(RU_PILOT_CLUSTERS, "2026-05-01", 4, [3, 2, 4])
    del first["grid"]
    stored_a = record(session, user=people.support, initiative_id=a.id, raw=first)
    # B: the Swedish preset as the installation's choice; C: named in the assessment.
    second = raw(SE_REGIONAL, "2026-05-02", 6, [0, 4, 1])
    del second["grid"]
    stored_b = record(
        session,
        user=people.support,
        initiative_id=b.id,
        raw=second,
        default_grid="se-regional/1",
    )
    stored_c = record(
        session,
        user=people.support,
        initiative_id=c.id,
        raw=raw(SE_REGIONAL, "2026-05-03", 1, [4, N, 3]),
    )
    assert [s.assessment.grid for s in (stored_a, stored_b, stored_c)] == [
        "ru-pilot-clusters/1",
        "se-regional/1",
        "se-regional/1",
    ]
    assert list(stored_b.scores[Dimension.GEOGRAPHY]) == list(SE_REGIONAL.keys(Dimension.GEOGRAPHY))
    assert stored_b.scores[Dimension.GEOGRAPHY]["nordics"] == 1
    listed = services.for_initiative(session, user=people.support, initiative_id=a.id)
    assert listed[0].grid is RU_PILOT_CLUSTERS  # it keeps the grid it was recorded under

    ru = summary(session, people, "ru-pilot-clusters/1")
    assert (ru.assessed, ru.compared, ru.left_out) == (3, 1, {"se-regional/1": 2})
    assert list(ru.by_key[Dimension.GEOGRAPHY]) == list(RU_PILOT_CLUSTERS.keys(Dimension.GEOGRAPHY))
    assert ru.by_key[Dimension.GEOGRAPHY]["europe"].as_dict()["n"] == 1
    assert ru.by_key[Dimension.GROUPS]["anchor_companies"].mean == 3.0  # A's alone
    se = summary(session, people, "se-regional/1")
    assert (se.assessed, se.compared, se.left_out) == (3, 2, {"ru-pilot-clusters/1": 1})
    nordics = se.by_key[Dimension.GEOGRAPHY]["nordics"]
    assert (nordics.n, nordics.mean, nordics.share_high) == (2, 2.0, 0.5)
    anchor = se.by_key[Dimension.GROUPS]["anchor_companies"]
    assert (anchor.mean, anchor.share_zero) == (2.0, 0.5)
    # The level question is the same under every grid: all three count.
    assert ru.levels.counts == se.levels.counts == {1: 1, 4: 1, 6: 1}
    assert ru.median_level == se.median_level == 4.0

    # A moves to the Swedish preset: its latest now decides, its earlier one is history.
    later = raw(SE_REGIONAL, "2026-06-01", 5, [2, 2, 2])
    record(session, user=people.support, initiative_id=a.id, raw=later)
    assert summary(session, people, "ru-pilot-clusters/1").left_out == {"se-regional/1": 3}
    assert summary(session, people, "se-regional/1").compared == 3


def test_an_unknown_grid_is_refused_by_name(session: Session, people: People) -> None:
    with pytest.raises(errors.InvalidInput) as refused:
        summary(session, people, "se-regional/9")
    assert (refused.value.field, refused.value.code) == ("grid", "unknown_grid")
    (a,) = _initiatives(session, people, 1)
    with pytest.raises(services.AssessmentRefused) as bad:
        services.record(
            session,
            user=people.support,
            initiative_id=a.id,
            raw={**raw(SE_REGIONAL, "2026-05-01", 3, [1, 1, 1]), "grid": "nowhere/1"},
        )
    assert bad.value.field == "grid"
