"""JSON API of Cluster Excellence labels: an initiative's, and the portfolio's lapsing ones."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Request, status

from app.clock import local_today
from app.excellence import services
from app.web.api.schemas.excellence import EXAMPLE, label_json, portfolio_label_json
from app.web.deps import ApiInitiative, ApiUser, SessionDep
from app.web.portfolio_scope import required_filters, scope_for
from app.web.problems import ERRORS

router = APIRouter(prefix="/api", tags=["labels"], responses=ERRORS)


@router.post("/initiatives/{initiative_id}/labels", status_code=status.HTTP_201_CREATED)
def post_label(
    initiative_id: int,
    body: Annotated[dict[str, Any], Body(examples=[EXAMPLE])],
    session: SessionDep,
    user: ApiUser,
) -> dict[str, Any]:
    """Support officers and admins record a label: `level` bronze, silver or gold;
    `valid_until` (its last valid day) defaults to two years after `awarded_on`;
    `evidence_id` is the assessment report among the initiative's evidence."""
    label = services.record_label(session, user=user, initiative_id=initiative_id, raw=body)
    return label_json(label)


@router.get("/initiatives/{initiative_id}/labels")
def list_labels(initiative: ApiInitiative, session: SessionDep, user: ApiUser) -> dict[str, Any]:
    """Latest award first."""
    found = services.labels_of(session, user=user, initiative_id=initiative.id)
    return {"items": [label_json(label) for label in found]}


@router.get("/portfolio/labels")
def portfolio_labels(request: Request, session: SessionDep, user: ApiUser) -> dict[str, Any]:
    """The labels of the initiatives you may see that pass the dashboard's filters, soonest
    to lapse first; `expiring_within_days=N` keeps those still valid that lapse within N days."""
    within = services.expiring_within(request.query_params.get("expiring_within_days"))
    found = services.portfolio_labels(
        session, scope=scope_for(request, user), chosen=required_filters(request),
        within_days=within,
    )  # fmt: skip
    today = local_today()
    return {"items": [portfolio_label_json(label, i, today) for label, i in found]}
