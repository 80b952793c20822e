"""JSON API of who else may look at an initiative: its funders and auditor links."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, status
from fastapi.responses import Response

from app.access import queries as access_queries
from app.access import services as access
from app.web.api.schemas.access import (
    AuditorLinkIn,
    FunderIn,
    funder_json,
    link_json,
    link_url,
)
from app.web.api.schemas.common import listing
from app.web.deps import ApiInitiative, ApiUser, SessionDep

router = APIRouter(prefix="/api", tags=["access"])


@router.get("/initiatives/{initiative_id}/funders")
def funders_json(initiative: ApiInitiative, session: SessionDep, user: ApiUser) -> dict[str, Any]:
    managed = access.managed_initiative(session, user, initiative.id)
    return listing([funder_json(u) for u in access_queries.funders(session, managed.id)])


@router.post("/initiatives/{initiative_id}/funders", status_code=status.HTTP_201_CREATED)
def add_funder(
    initiative_id: int, body: FunderIn, session: SessionDep, user: ApiUser
) -> dict[str, Any]:
    added = access.add_funder(session, actor=user, initiative_id=initiative_id, email=body.email)
    return funder_json(added)


@router.delete(
    "/initiatives/{initiative_id}/funders/{user_id}", status_code=status.HTTP_204_NO_CONTENT
)
def remove_funder(initiative_id: int, user_id: int, session: SessionDep, user: ApiUser) -> Response:
    access.remove_funder(session, actor=user, initiative_id=initiative_id, user_id=user_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/initiatives/{initiative_id}/auditor-links")
def links_json(initiative: ApiInitiative, session: SessionDep, user: ApiUser) -> dict[str, Any]:
    managed = access.managed_initiative(session, user, initiative.id)
    return listing([link_json(link) for link in access.auditor_links(session, managed.id)])


@router.post("/initiatives/{initiative_id}/auditor-links", status_code=status.HTTP_201_CREATED)
def create_link(
    request: Request, initiative_id: int, body: AuditorLinkIn, session: SessionDep, user: ApiUser
) -> dict[str, Any]:
    link, token = access.create_auditor_link(
        session, actor=user, initiative_id=initiative_id, label=body.label, days=body.days
    )
    return {
        "id": link.id,
        "url": link_url(request, token),
        "token": token,
        "expires_at": link.expires_at.isoformat(),
    }


@router.post("/auditor-links/{link_id}/revoke")
def revoke_link(link_id: int, session: SessionDep, user: ApiUser) -> dict[str, Any]:
    return link_json(access.revoke_auditor_link(session, actor=user, link_id=link_id))
