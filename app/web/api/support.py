"""JSON API of the support log: an initiative's activities, and the portfolio by region."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Request, status

from app.support import services
from app.web.api.schemas.support import EXAMPLE, activity_json, log_json, regions_json
from app.web.deps import ApiInitiative, ApiUser, SessionDep
from app.web.portfolio_scope import required_filters, scope_for
from app.web.problems import ERRORS

router = APIRouter(prefix="/api", tags=["support"], responses=ERRORS)


@router.post("/initiatives/{initiative_id}/support-activities", status_code=status.HTTP_201_CREATED)
def post_activity(
    initiative_id: int,
    body: Annotated[dict[str, Any], Body(examples=[EXAMPLE])],
    session: SessionDep,
    user: ApiUser,
) -> dict[str, Any]:
    """Support officers and admins record support given. `hours` is a decimal (at most two
    decimals), `cost_sek` whole kronor; `item_key` names a Processtöd item of the
    initiative's phase-model version; `on` is not in the future."""
    activity = services.record_activity(session, user=user, initiative_id=initiative_id, raw=body)
    return activity_json(
        activity, services.items_of(session, user=user, initiative_id=initiative_id)
    )


@router.get("/initiatives/{initiative_id}/support-activities")
def list_activities(
    initiative: ApiInitiative, session: SessionDep, user: ApiUser
) -> dict[str, Any]:
    """Newest first, with the total hours and kronor."""
    return log_json(services.log_of(session, user=user, initiative_id=initiative.id))


@router.get("/portfolio/support")
def portfolio_support(request: Request, session: SessionDep, user: ApiUser) -> dict[str, Any]:
    """Per region of the initiatives you may see that pass the dashboard's filters: the
    activities, hours and kronor with `from` <= date <= `to` (either may be left out)."""
    start, end = services.period(request.query_params.get("from"), request.query_params.get("to"))
    summary = services.portfolio_support(
        session, scope=scope_for(request, user), chosen=required_filters(request),
        start=start, end=end,
    )  # fmt: skip
    return regions_json(summary)
