"""JSON API for internationalisation assessments and their portfolio summary."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Query, Request, status
from fastapi.responses import JSONResponse

from app.internationalisation import services
from app.internationalisation.queries import StoredAssessment
from app.internationalisation.scale import SWOT_FIELDS
from app.portfolio.filters import InvalidFilter
from app.portfolio.web import filters_from, scope_for
from app.web.deps import ApiUser, SessionDep
from app.web.routers.api_initiatives import ERRORS

router = APIRouter(prefix="/api", tags=["internationalisation"], responses=ERRORS)

EXAMPLE = {
    "assessed_on": "2026-11-02",
    "level": 4,
    "groups": {
        "anchor_companies": 3,
        "universities": 3,
        "research_institutes": 2,
        "smes": 1,
        "support_organisations": None,
        "cluster_organisation": 2,
    },
    "directions": {
        "science": 3,
        "export": 2,
        "import": 1,
        "production": 1,
        "marketing": 2,
        "finance": 0,
        "human_capital": 2,
        "information_exchange": 3,
    },
    "geography": {"europe": 3, "apec": 1, "customs_union": 0, "cis": 0, "transnational": None},
    "swot": {"strengths": "Starka ankarföretag", "threats": "Valutarisk"},
    "kpis": [{"name": "Internationella projekt", "target": 4, "actual": 2, "unit": "st"}],
}


def assessment_json(stored: StoredAssessment) -> dict[str, Any]:
    row = stored.assessment
    swot = {name: getattr(row, name) for name, _ in SWOT_FIELDS if getattr(row, name)}
    return {
        "id": row.id,
        "initiative_id": row.initiative_id,
        "assessed_on": row.assessed_on.isoformat(),
        "level": row.level,
        **{dimension.value: scores for dimension, scores in stored.scores.items()},
        "swot": swot or None,
        "kpis": row.kpis,
        "created_at": row.created_at.isoformat(),
        "created_by": row.created_by.email if row.created_by else None,
    }


@router.post(
    "/initiatives/{initiative_id}/internationalisation-assessments",
    status_code=status.HTTP_201_CREATED,
    responses={409: {"description": "An assessment with that date exists"}},
)
def post_assessment(
    initiative_id: int,
    body: Annotated[dict[str, Any], Body(examples=[EXAMPLE])],
    session: SessionDep,
    user: ApiUser,
) -> Any:
    """Scores are 0..4, or null for "no information"; every key of each dimension is needed."""
    try:
        stored = services.record(session, user=user, initiative_id=initiative_id, raw=body)
    except services.AssessmentRefused as refused:
        return JSONResponse(
            {"detail": refused.message, "field": refused.field, "errors": refused.errors},
            status_code=422,
        )
    return assessment_json(stored)


@router.get("/initiatives/{initiative_id}/internationalisation-assessments")
def list_assessments(initiative_id: int, session: SessionDep, user: ApiUser) -> dict[str, Any]:
    """Newest first."""
    found = services.for_initiative(session, user=user, initiative_id=initiative_id)
    return {"items": [assessment_json(s) for s in found]}


@router.get("/portfolio/internationalisation")
def portfolio_internationalisation(
    request: Request,
    session: SessionDep,
    user: ApiUser,
    region: Annotated[list[str], Query()] = [],  # noqa: B006 (FastAPI copies defaults)
    phase: Annotated[list[str], Query()] = [],  # noqa: B006
    sector: Annotated[list[str], Query()] = [],  # noqa: B006
    q: str | None = None,
    stalled: str | None = None,
    readiness_min: str | None = None,
    readiness_max: str | None = None,
) -> Any:
    """Each initiative's latest assessment: per key the mean of the scores given, the share of
    3-4 among them, the share of "no information" among all, and n = all latest assessments.
    The filters are the dashboard's, parsed by the same function as /api/portfolio."""
    try:
        chosen = filters_from(request)
    except InvalidFilter as invalid:
        return JSONResponse({"detail": invalid.message, "field": invalid.field}, status_code=422)
    summary = services.portfolio_summary(session, scope=scope_for(request, user), chosen=chosen)
    return {
        "initiatives": summary.initiatives,
        "assessed": summary.assessed,
        "mean_level": summary.mean_level,
        **{
            dimension.value: {key: entry.as_dict() for key, entry in entries.items()}
            for dimension, entries in summary.by_key.items()
        },
    }
