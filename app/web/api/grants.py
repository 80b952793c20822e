"""JSON API of an initiative's grants and the portfolio's financing."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Query, Request, status

from app.grants import queries, rules, services
from app.web.api.schemas.grants import EXAMPLE, financing_json, grant_json, grants_json
from app.web.deps import ApiInitiative, ApiUser, SessionDep
from app.web.portfolio_scope import required_filters, scope_for
from app.web.problems import ERRORS

router = APIRouter(prefix="/api", tags=["grants"], responses=ERRORS)


@router.post("/initiatives/{initiative_id}/grants", status_code=status.HTTP_201_CREATED)
def post_grant(
    initiative_id: int,
    body: Annotated[dict[str, Any], Body(examples=[EXAMPLE])],
    session: SessionDep,
    user: ApiUser,
) -> dict[str, Any]:
    """Support officers and admins. Whole kronor; co-financing as `cofinancing_sek` (a total),
    its parts `cofinancing_cash_sek` and `cofinancing_in_kind_sek`, or both, adding up.
    A 422 names the `field` and gives a `code`."""
    grant = services.add_grant(session, actor=user, initiative_id=initiative_id, raw=body)
    return grant_json(grant)


@router.get("/initiatives/{initiative_id}/grants")
def list_grants(initiative: ApiInitiative, session: SessionDep) -> dict[str, Any]:
    """Earliest first, with the granted and co-financing totals in kronor."""
    return grants_json(list(queries.grants(session, initiative.id)))


@router.get("/portfolio/financing")
def portfolio_financing(
    request: Request,
    session: SessionDep,
    user: ApiUser,
    group_by: str | None = None,
    region: Annotated[list[str], Query()] = [],  # noqa: B006 (FastAPI copies defaults)
    phase: Annotated[list[str], Query()] = [],  # noqa: B006
    sector: Annotated[list[str], Query()] = [],  # noqa: B006
    q: str | None = None,
    stalled: str | None = None,
    readiness_min: str | None = None,
    readiness_max: str | None = None,
) -> dict[str, Any]:
    """The grants of the initiatives you see that pass the dashboard's filters, summed by
    `group_by` (`region`, the default; `funder`; or `phase`, the phases a grant funds:
    a grant funding two phases counts in both, one naming none under `null`)."""
    chosen = required_filters(request)
    summary = services.portfolio_financing(
        session, scope=scope_for(request, user), chosen=chosen, group_by=rules.group_by(group_by)
    )
    return financing_json(summary)
