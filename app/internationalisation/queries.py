"""Queries about assessments: one initiative's, and the portfolio summary aggregated in SQL."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Float, Select, and_, case, cast, exists, func, select
from sqlalchemy.orm import Session, joinedload

from app.internationalisation.scale import AXES, HIGH_SCORES, Dimension
from app.models.assessments import AssessmentScore, InternationalisationAssessment
from app.models.initiatives import Initiative

Assessment = InternationalisationAssessment


@dataclass
class StoredAssessment:
    assessment: Assessment
    scores: dict[Dimension, dict[str, int | None]]


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
        by_dimension = scores[row.id]
        ordered = {
            dimension: {axis.key: by_dimension[dimension].get(axis.key) for axis in axes}
            for dimension, axes in AXES.items()
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

    @property
    def share_high(self) -> float | None:
        given = self.n - self.no_info
        return self.high / given if given else None

    @property
    def share_no_info(self) -> float | None:
        return self.no_info / self.n if self.n else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "mean": self.mean,
            "share_high": self.share_high,
            "share_no_info": self.share_no_info,
            "n": self.n,
        }


EMPTY = KeySummary(n=0, no_info=0, high=0, mean=None)


@dataclass
class PortfolioSummary:
    initiatives: int = 0  # initiatives that pass the filter
    assessed: int = 0  # of which have at least one assessment
    mean_level: float | None = None
    by_key: dict[Dimension, dict[str, KeySummary]] = field(default_factory=dict)


def portfolio_summary(session: Session, initiatives: Select[Any]) -> PortfolioSummary:
    """Each chosen initiative's latest assessment, aggregated per key: three queries."""
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
    summary = PortfolioSummary()
    summary.initiatives = (
        session.scalar(select(func.count()).select_from(initiatives.subquery())) or 0
    )
    level_row = session.execute(
        select(func.count(), func.avg(cast(Assessment.level, Float))).join(latest, is_latest)
    ).one()
    summary.assessed = int(level_row[0])
    summary.mean_level = float(level_row[1]) if level_row[1] is not None else None
    no_info = func.sum(case((AssessmentScore.score.is_(None), 1), else_=0))
    high = func.sum(case((AssessmentScore.score.in_(HIGH_SCORES), 1), else_=0))
    rows = session.execute(
        select(
            AssessmentScore.dimension,
            AssessmentScore.key,
            func.count(),
            no_info,
            high,
            func.avg(cast(AssessmentScore.score, Float)),
        )
        .join(Assessment, Assessment.id == AssessmentScore.assessment_id)
        .join(latest, is_latest)
        .group_by(AssessmentScore.dimension, AssessmentScore.key)
    )
    found = {
        (dimension, key): KeySummary(
            int(n), int(nulls or 0), int(highs or 0), float(mean) if mean is not None else None
        )
        for dimension, key, n, nulls, highs, mean in rows
    }
    summary.by_key = {
        dimension: {axis.key: found.get((dimension.value, axis.key), EMPTY) for axis in axes}
        for dimension, axes in AXES.items()
    }
    return summary
