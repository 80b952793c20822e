"""Use-cases for internationalisation assessments: record, list, and the portfolio summary."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app import errors
from app.access import queries as access_queries
from app.clock import local_today
from app.domain import permissions
from app.initiatives import queries as initiative_queries
from app.internationalisation import queries
from app.internationalisation.grids import DEFAULT_GRID, GRIDS, UnknownGrid, get_grid
from app.internationalisation.rules import InvalidAssessment, validate_assessment
from app.models.accounts import User
from app.models.assessments import AssessmentScore, InternationalisationAssessment
from app.models.initiatives import Initiative
from app.portfolio import filtering
from app.portfolio import queries as portfolio_queries
from app.portfolio.queries import Scope
from app.portfolio.rules import PortfolioFilters
from app.records import record_audit
from app.uow import unit_of_work


class AssessmentRefused(errors.InvalidInput):
    """Every problem by field; `field` is the first, the message lists them all."""

    def __init__(self, errors: dict[str, str]) -> None:
        first = next(iter(errors), "body")
        super().__init__(
            first, "; ".join(f"{f}: {m}" for f, m in errors.items()), code="invalid_assessment"
        )
        self.errors = errors


def may_record(session: Session, user: User, initiative_id: int) -> bool:
    member = access_queries.is_member(session, initiative_id=initiative_id, user_id=user.id)
    return permissions.can_record_assessment(user.role, is_member=member)


@unit_of_work
def record(
    session: Session,
    *,
    user: User,
    initiative_id: int,
    raw: Mapping[str, Any],
    default_grid: str = DEFAULT_GRID,
) -> queries.StoredAssessment:
    """Check and store one assessment; one per initiative and date (Conflict otherwise).

    It keeps the grid it was given under: the one `raw` names, else the installation's
    preset (`default_grid`)."""
    initiative = initiative_queries.visible_initiative(session, user, initiative_id)
    if not may_record(session, user, initiative_id):
        raise errors.Forbidden("Only the initiative's process leadership and support record these.")
    try:
        data = validate_assessment(raw, today=local_today(), default_grid=default_grid)
    except InvalidAssessment as invalid:
        raise AssessmentRefused(invalid.errors) from invalid
    if queries.exists_on(session, initiative_id=initiative_id, on=data.assessed_on):
        raise errors.Conflict(
            f"There is already an assessment dated {data.assessed_on}.", code="assessment_exists"
        )
    swot = data.swot or {}
    assessment = InternationalisationAssessment(
        initiative_id=initiative_id,
        assessed_on=data.assessed_on,
        level=data.level,
        grid=data.grid,
        strengths=swot.get("strengths"),
        weaknesses=swot.get("weaknesses"),
        opportunities=swot.get("opportunities"),
        threats=swot.get("threats"),
        kpis=[kpi.as_dict() for kpi in data.kpis],
        created_by_id=user.id,
    )
    session.add(assessment)
    try:
        session.flush()
    except IntegrityError as error:  # the same date, recorded meanwhile
        raise errors.Conflict(
            f"There is already an assessment dated {data.assessed_on}.", code="assessment_exists"
        ) from error
    session.execute(
        insert(AssessmentScore),
        [
            {"assessment_id": assessment.id, "dimension": d.value, "key": k, "score": score}
            for d, scores in data.scores.items()
            for k, score in scores.items()
        ],
    )
    after = {
        "assessed_on": data.assessed_on,
        "level": data.level,
        "grid": data.grid,
        **{d.value: dict(scores) for d, scores in data.scores.items()},
    }
    target = ("assessment", assessment.id)
    record_audit(
        session, initiative, action="assessment.record", actor=user, target=target, after=after
    )
    return queries.get_assessment(session, assessment.id)


def for_initiative(
    session: Session, *, user: User, initiative_id: int
) -> list[queries.StoredAssessment]:
    initiative_queries.visible_initiative(session, user, initiative_id)
    return queries.assessments(session, initiative_id)


def portfolio_summary(
    session: Session, *, scope: Scope, chosen: PortfolioFilters, grid: str = DEFAULT_GRID
) -> queries.PortfolioSummary:
    """Over the initiatives the user may see that pass the dashboard's filters; the scores
    of those whose latest assessment was given under `grid` (InvalidInput for an unknown)."""
    try:
        compared = get_grid(grid)
    except UnknownGrid:
        raise errors.InvalidInput(
            "grid",
            f"No assessment grid {grid!r}; the grids are {', '.join(GRIDS)}.",
            code="unknown_grid",
        ) from None
    ids = portfolio_queries.matching_ids(session, scope, chosen)
    initiatives = select(Initiative).where(Initiative.id.in_(ids))
    return queries.portfolio_summary(session, initiatives, compared)


def filter_choices(session: Session, *, scope: Scope) -> tuple[list[str], list[str]]:
    """The regions and sectors the user's initiatives have, for the filter form."""
    return filtering.filter_options(session, scope)
