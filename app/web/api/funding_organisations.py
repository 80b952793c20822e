"""JSON API of the funding organisations admins keep (grants name one of them)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, status

from app.grants import queries, services
from app.web.api.schemas.grants import organisation_json
from app.web.deps import ApiUser, SessionDep
from app.web.problems import ERRORS

router = APIRouter(prefix="/api", tags=["grants"], responses=ERRORS)


@router.get("/funding-organisations")
def list_organisations(session: SessionDep, user: ApiUser) -> dict[str, Any]:
    """Every funding organisation, by name."""
    return {"items": [organisation_json(o) for o in queries.organisations(session)]}


@router.post(
    "/funding-organisations",
    status_code=status.HTTP_201_CREATED,
    responses={409: {"description": "An organisation with that name exists"}},
)
def add_organisation(
    body: Annotated[dict[str, Any], Body(examples=[{"name": "Vinnova"}])],
    session: SessionDep,
    user: ApiUser,
) -> dict[str, Any]:
    """Admins only. The name is trimmed; the same name in any case is a 409."""
    added = services.add_funding_organisation(session, actor=user, raw=body)
    return organisation_json(added)
