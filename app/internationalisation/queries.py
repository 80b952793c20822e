"""Queries about assessments: one initiative's, and the portfolio summary aggregated in SQL."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Float, Select, and_, case, cast, exists, func, select
from sqlalchemy.orm import Session, joinedload

from app.internationalisation.grids import GRIDS, Grid, get_grid
from app.internationalisation.rules import LevelCounts
from app.internationalisation.scale import HIGH_SCORES, ZERO_SCORE, Dimension
from app.models.assessments import AssessmentScore, InternationalisationAssessment
from app.models.initiatives import Initiative

Assessment = InternationalisationAssessment


@dataclass
class StoredAssessment:
    assessment: Assessment
    scores: dict[Dimension, dict[str, int | None]]

    @property
    def grid(self) -> Grid:
        return get_grid(self.assessment.grid)


def assessments(session: Session, initiative_id: int) -> list[StoredAssessment]:
    """Newest first, with their scores: two queries."""
    rows = session.scalars(
        select(Assessment)
        .options(joinedload(Assessment.created_by))
        .where(Assessment.initiative_id == initiative_id)
        .order_by(Assessment.assessed_on.desc(), Assessment.id.desc())
    ).all()
    return _with_scores(session, rows)


def get_assessment(session: Session, assessment_id: int) -> StoredAssessment:
    row = session.get(Assessment, assessment_id, options=[joinedload(Assessment.created_by)])
    assert row is not None
    return _with_scores(session, [row])[0]


def _with_scores(session: Session, rows: Sequence[Assessment]) -> list[StoredAssessment]:
    if not rows:
        return []
    scores: dict[int, dict[Dimension, dict[str, int | None]]] = defaultdict(
        lambda: {dimension: {} for dimension in Dimension}
    )
    for score in session.scalars(
        select(AssessmentScore).where(AssessmentScore.assessment_id.in_([r.id for r in rows]))
    ):
        scores[score.assessment_id][Dimension(score.dimension)][score.key] = score.score
    stored = []
    for row in rows:
        by_dimension, grid = scores[row.id], get_grid(row.grid)
        ordered = {
            dimension: {key: by_dimension[dimension].get(key) for key in grid.keys(dimension)}
            for dimension in Dimension
        }
        stored.append(StoredAssessment(row, ordered))
    return stored


def latest(session: Session, initiative_id: int) -> Assessment | None:
    return session.scalar(
        select(Assessment)
        .where(Assessment.initiative_id == initiative_id)
        .order_by(Assessment.assessed_on.desc())
        .limit(1)
    )


def exists_on(session: Session, *, initiative_id: int, on: date) -> bool:
    return bool(
        session.scalar(
            select(
                exists().where(
                    Assessment.initiative_id == initiative_id, Assessment.assessed_on == on
                )
            )
        )
    )


@dataclass(frozen=True, slots=True)
class KeySummary:
    n: int  # latest assessments counted, "no information" included
    no_info: int
    high: int  # scores of 3 or 4
    mean: float | None  # over the scores given
    zero: int = 0  # scores of 0: no international links at all

    @property
    def share_high(self) -> float | None:
        given = self.n - self.no_info
        return self.high / given if given else None

    @property
    def share_no_info(self) -> float | None:
        return self.no_info / self.n if self.n else None

    @property
    def share_zero(self) -> float | None:
        """Of the assessed initiatives (n, "no information" included), as the survey counts
        its respondents."""
        return self.zero / self.n if self.n else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "mean": self.mean,
            "share_high": self.share_high,
            "share_no_info": self.share_no_info,
            "share_zero": self.share_zero,
            "n": self.n,
        }


EMPTY = KeySummary(n=0, no_info=0, high=0, mean=None)


@dataclass
class PortfolioSummary:
    grid: Grid  # the grid whose scores are compared
    initiatives: int = 0  # initiatives that pass the filter
    assessed: int = 0  # of which have at least one assessment: their latest counts
    # The level (1-7) is the same question under every grid: every latest assessment counts.
    levels: LevelCounts = field(default_factory=lambda: LevelCounts({}))
    # Latest assessments under another grid: left out of the scores, by grid.
    left_out: dict[str, int] = field(default_factory=dict)
    by_key: dict[Dimension, dict[str, KeySummary]] = field(default_factory=dict)

    @property
    def compared(self) -> int:
        """Latest assessments whose scores are summarised (those under `grid`)."""
        return self.assessed - sum(self.left_out.values())

    @property
    def mean_level(self) -> float | None:
        return self.levels.mean

    @property
    def median_level(self) -> float | None:
        return self.levels.median


def portfolio_summary(session: Session, initiatives: Select[Any], grid: Grid) -> PortfolioSummary:
    """Each chosen initiative's latest assessment: the levels of all, the scores of those
    recorded under `grid`, aggregated per key. Three queries."""
    chosen = initiatives.with_only_columns(Initiative.id).scalar_subquery()
    latest = (
        select(Assessment.initiative_id, func.max(Assessment.assessed_on).label("on"))
        .where(Assessment.initiative_id.in_(chosen))
        .group_by(Assessment.initiative_id)
        .subquery()
    )
    is_latest = and_(
        Assessment.initiative_id == latest.c.initiative_id, Assessment.assessed_on == latest.c.on
    )
    summary = PortfolioSummary(grid)
    summary.initiatives = (
        session.scalar(select(func.count()).select_from(initiatives.subquery())) or 0
    )
    levels: dict[int, int] = defaultdict(int)
    for level, grid_id, n in session.execute(
        select(Assessment.level, Assessment.grid, func.count())
        .join(latest, is_latest)
        .group_by(Assessment.level, Assessment.grid)
    ):
        levels[int(level)] += int(n)
        if grid_id != grid.id:
            summary.left_out[grid_id] = summary.left_out.get(grid_id, 0) + int(n)
    summary.levels = LevelCounts(dict(levels))
    summary.assessed = summary.levels.total
    summary.left_out = {g: summary.left_out[g] for g in sorted(summary.left_out, key=_grid_order)}
    no_info = func.sum(case((AssessmentScore.score.is_(None), 1), else_=0))
    high = func.sum(case((AssessmentScore.score.in_(HIGH_SCORES), 1), else_=0))
    zero = func.sum(case((AssessmentScore.score == ZERO_SCORE, 1), else_=0))
    rows = session.execute(
        select(
            AssessmentScore.dimension,
            AssessmentScore.key,
            func.count(),
            no_info,
            high,
            func.avg(cast(AssessmentScore.score, Float)),
            zero,
        )
        .join(Assessment, Assessment.id == AssessmentScore.assessment_id)
        .join(latest, is_latest)
        .where(Assessment.grid == grid.id)  # like with like
        .group_by(AssessmentScore.dimension, AssessmentScore.key)
    )
    found = {
        (dimension, key): KeySummary(
            int(n),
            int(nulls or 0),
            int(highs or 0),
            float(mean) if mean is not None else None,
            int(zeros or 0),
        )
        for dimension, key, n, nulls, highs, mean, zeros in rows
    }
    summary.by_key = {
        dimension: {key: found.get((dimension.value, key), EMPTY) for key in grid.keys(dimension)}
        for dimension in Dimension
    }
    return summary


def _grid_order(grid_id: str) -> tuple[int, str]:
    order = list(GRIDS)
    return (order.index(grid_id) if grid_id in order else len(order), grid_id)
