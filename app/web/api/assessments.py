"""JSON API for internationalisation assessments and their portfolio summary."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Query, Request, status
from fastapi.responses import JSONResponse

from app.internationalisation import services
from app.web.api.schemas.assessments import EXAMPLE, assessment_json, summary_json
from app.web.deps import ApiInitiative, ApiUser, SessionDep
from app.web.portfolio_scope import required_filters, scope_for
from app.web.problems import ERRORS

router = APIRouter(prefix="/api", tags=["internationalisation"], responses=ERRORS)


@router.post(
    "/initiatives/{initiative_id}/internationalisation-assessments",
    status_code=status.HTTP_201_CREATED,
    responses={409: {"description": "An assessment with that date exists"}},
)
def post_assessment(
    request: Request,
    initiative_id: int,
    body: Annotated[dict[str, Any], Body(examples=[EXAMPLE])],
    session: SessionDep,
    user: ApiUser,
) -> Any:
    """Scores are 0..4, or null for "no information"; every key of each dimension of the grid
    is needed: the grid `grid` names, else the installation's preset."""
    preset = request.app.state.settings.assessment_grid
    try:
        stored = services.record(
            session, user=user, initiative_id=initiative_id, raw=body, default_grid=preset
        )
    except services.AssessmentRefused as refused:
        # The usual 422, and every problem by field (the exception handler names the first).
        return JSONResponse(
            {
                "detail": refused.message,
                "code": refused.code,
                "field": refused.field,
                "errors": refused.errors,
            },
            status_code=422,
        )
    return assessment_json(stored)


@router.get("/initiatives/{initiative_id}/internationalisation-assessments")
def list_assessments(
    initiative: ApiInitiative, session: SessionDep, user: ApiUser
) -> dict[str, Any]:
    """Newest first."""
    found = services.for_initiative(session, user=user, initiative_id=initiative.id)
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
    grid: Annotated[str | None, Query(max_length=60)] = None,
) -> dict[str, Any]:
    """Each initiative's latest assessment. Levels (1-7) of all: their distribution, median
    and mean. Scores of those under `grid` (default: the installation's preset), per key: the
    mean of the scores given, the share of 3-4 among them, the shares of 0 and of "no
    information" among all n latest assessments; `left_out` counts the others by grid.
    The filters are the dashboard's, parsed by the same function as /api/portfolio."""
    chosen = required_filters(request)
    summary = services.portfolio_summary(
        session,
        scope=scope_for(request, user),
        chosen=chosen,
        grid=grid or request.app.state.settings.assessment_grid,
    )
    return summary_json(summary)
