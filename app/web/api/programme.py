"""JSON API for an initiative's internationalisation programme: measures under the four key
directions with their target indicators, and the yearly reviews."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, status
from fastapi.responses import JSONResponse

from app.internationalisation.programme import services
from app.web.api.schemas.programme import (
    MEASURE_EXAMPLE,
    REVIEW_EXAMPLE,
    indicator_json,
    measure_json,
    programme_json,
    review_json,
)
from app.web.deps import ApiInitiative, ApiUser, SessionDep
from app.web.problems import ERRORS

router = APIRouter(prefix="/api", tags=["internationalisation"], responses=ERRORS)


def _refused(refused: services.ProgrammeRefused) -> JSONResponse:
    # The usual 422, and every problem by field (the exception handler names the first).
    body = {
        "detail": refused.message,
        "code": refused.code,
        "field": refused.field,
        "errors": refused.errors,
    }
    return JSONResponse(body, status_code=422)


@router.get("/initiatives/{initiative_id}/internationalisation-programme")
def get_programme(initiative: ApiInitiative, session: SessionDep, user: ApiUser) -> dict[str, Any]:
    """Every key direction with its measures (by due date), the reviews newest first, and
    when the next yearly review is due."""
    found = services.view(session, user=user, initiative_id=initiative.id)
    return programme_json(initiative.id, found)


@router.post(
    "/initiatives/{initiative_id}/internationalisation-programme/measures",
    status_code=status.HTTP_201_CREATED,
)
def post_measure(
    initiative_id: int,
    body: Annotated[dict[str, Any], Body(examples=[MEASURE_EXAMPLE])],
    session: SessionDep,
    user: ApiUser,
) -> Any:
    """`direction` is one of science_education, production_markets, sociocultural,
    organisational; each indicator has a name and optional unit, baseline, target, actual."""
    try:
        measure = services.add_measure(session, user=user, initiative_id=initiative_id, raw=body)
    except services.ProgrammeRefused as refused:
        return _refused(refused)
    return measure_json(measure)


@router.patch("/programme-indicators/{indicator_id}")
def patch_indicator(
    indicator_id: int,
    body: Annotated[dict[str, Any], Body(examples=[{"actual": 6}])],
    session: SessionDep,
    user: ApiUser,
) -> Any:
    """Any of baseline, target and actual; null clears one."""
    try:
        indicator = services.update_indicator(
            session, user=user, indicator_id=indicator_id, raw=body
        )
    except services.ProgrammeRefused as refused:
        return _refused(refused)
    return indicator_json(indicator)


@router.post(
    "/initiatives/{initiative_id}/internationalisation-programme/reviews",
    status_code=status.HTTP_201_CREATED,
    responses={409: {"description": "A review with that date exists"}},
)
def post_review(
    initiative_id: int,
    body: Annotated[dict[str, Any], Body(examples=[REVIEW_EXAMPLE])],
    session: SessionDep,
    user: ApiUser,
) -> Any:
    try:
        review = services.add_review(session, user=user, initiative_id=initiative_id, raw=body)
    except services.ProgrammeRefused as refused:
        return _refused(refused)
    return review_json(review)
