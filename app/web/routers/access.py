"""Who else may look at an initiative: its funders and read-only auditor links."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request, status
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from app import access, repositories, services
from app.models import AuditorLink, User
from app.web.deps import ApiUser, PageUser, SessionDep
from app.web.templating import render

router = APIRouter(tags=["access"])


class FunderIn(BaseModel):
    email: str = Field(min_length=1, max_length=254)


class AuditorLinkIn(BaseModel):
    label: str = Field(min_length=1, max_length=200)
    days: int = Field(ge=1, le=access.LINK_MAX_DAYS)


def link_url(request: Request, token: str) -> str:
    return str(request.base_url).rstrip("/") + f"/audit/{token}"


def link_json(link: AuditorLink) -> dict[str, Any]:
    return {
        "id": link.id,
        "initiative_id": link.initiative_id,
        "label": link.label,
        "status": access.link_status(link),
        "created_at": link.created_at.isoformat(),
        "expires_at": link.expires_at.isoformat(),
        "revoked_at": link.revoked_at.isoformat() if link.revoked_at else None,
        "last_used_at": link.last_used_at.isoformat() if link.last_used_at else None,
    }


# --- the page -------------------------------------------------------------


def _page(
    request: Request,
    session: Session,
    user: User,
    initiative_id: int,
    *,
    new_link: str | None = None,
    error: dict[str, str] | None = None,
    entered: dict[str, str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    initiative = access.managed_initiative(session, user, initiative_id)
    context = {
        "initiative": initiative,
        "funders": repositories.funders(session, initiative.id),
        "links": [
            (link, access.link_status(link))
            for link in access.auditor_links(session, initiative.id)
        ],
        "new_link": new_link,
        "error": error or {},
        "entered": entered or {},
        "max_days": access.LINK_MAX_DAYS,
        "done": done if (done := request.query_params.get("done")) in DONE else None,
    }
    return render(request, "audit/access.html", context, status_code=status_code)


@router.get("/initiatives/{initiative_id}/access", response_class=HTMLResponse,
            include_in_schema=False)  # fmt: skip
def access_page(
    request: Request, initiative_id: int, session: SessionDep, user: PageUser
) -> HTMLResponse:
    return _page(request, session, user, initiative_id)


DONE = ("funder_added", "funder_removed", "link_revoked")


def _back(initiative_id: int, done: str) -> RedirectResponse:
    # The outcome rides in the URL: the page says what was done, and a reload repeats nothing.
    return RedirectResponse(f"/initiatives/{initiative_id}/access?done={done}", status_code=303)


@router.post("/initiatives/{initiative_id}/access/funders", include_in_schema=False)
def add_funder_form(
    request: Request,
    initiative_id: int,
    session: SessionDep,
    user: PageUser,
    email: Annotated[str, Form()] = "",
) -> Response:
    try:
        access.add_funder(session, actor=user, initiative_id=initiative_id, email=email)
    except services.InvalidInput as problem:
        session.rollback()
        return _page(
            request, session, user, initiative_id,
            error={"funder": problem.message}, entered={"email": email}, status_code=422,
        )  # fmt: skip
    return _back(initiative_id, "funder_added")


@router.post("/initiatives/{initiative_id}/access/funders/{user_id}/remove",
             include_in_schema=False)  # fmt: skip
def remove_funder_form(
    request: Request, initiative_id: int, user_id: int, session: SessionDep, user: PageUser
) -> Response:
    access.remove_funder(session, actor=user, initiative_id=initiative_id, user_id=user_id)
    return _back(initiative_id, "funder_removed")


@router.post("/initiatives/{initiative_id}/access/links", include_in_schema=False)
def create_link_form(
    request: Request,
    initiative_id: int,
    session: SessionDep,
    user: PageUser,
    label: Annotated[str, Form()] = "",
    days: Annotated[str, Form()] = "",
) -> Response:
    entered = {"label": label, "days": days}
    try:
        number = int(days)
    except ValueError:
        number = 0
    try:
        _link, token = access.create_auditor_link(
            session, actor=user, initiative_id=initiative_id, label=label, days=number
        )
    except services.InvalidInput as problem:
        session.rollback()
        return _page(
            request, session, user, initiative_id,
            error={problem.field: problem.message}, entered=entered, status_code=422,
        )  # fmt: skip
    # Shown once, on this response only: only the token's hash is stored.
    response = _page(request, session, user, initiative_id, new_link=link_url(request, token))
    response.headers["Cache-Control"] = "no-store"
    return response


@router.post("/initiatives/{initiative_id}/access/links/{link_id}/revoke", include_in_schema=False)
def revoke_link_form(
    request: Request, initiative_id: int, link_id: int, session: SessionDep, user: PageUser
) -> Response:
    access.revoke_auditor_link(session, actor=user, link_id=link_id, initiative_id=initiative_id)
    return _back(initiative_id, "link_revoked")


# --- the API --------------------------------------------------------------


@router.get("/api/initiatives/{initiative_id}/funders")
def funders_json(initiative_id: int, session: SessionDep, user: ApiUser) -> dict[str, Any]:
    initiative = access.managed_initiative(session, user, initiative_id)
    items = [
        {"id": u.id, "email": u.email, "name": u.name}
        for u in repositories.funders(session, initiative.id)
    ]
    return {"items": items, "total": len(items)}


@router.post("/api/initiatives/{initiative_id}/funders", status_code=status.HTTP_201_CREATED)
def add_funder(
    initiative_id: int, body: FunderIn, session: SessionDep, user: ApiUser
) -> dict[str, Any]:
    added = access.add_funder(session, actor=user, initiative_id=initiative_id, email=body.email)
    return {"id": added.id, "email": added.email, "name": added.name}


@router.delete(
    "/api/initiatives/{initiative_id}/funders/{user_id}", status_code=status.HTTP_204_NO_CONTENT
)
def remove_funder(initiative_id: int, user_id: int, session: SessionDep, user: ApiUser) -> Response:
    access.remove_funder(session, actor=user, initiative_id=initiative_id, user_id=user_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/api/initiatives/{initiative_id}/auditor-links")
def links_json(initiative_id: int, session: SessionDep, user: ApiUser) -> dict[str, Any]:
    initiative = access.managed_initiative(session, user, initiative_id)
    items = [link_json(link) for link in access.auditor_links(session, initiative.id)]
    return {"items": items, "total": len(items)}


@router.post("/api/initiatives/{initiative_id}/auditor-links", status_code=status.HTTP_201_CREATED)
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


@router.post("/api/auditor-links/{link_id}/revoke")
def revoke_link(link_id: int, session: SessionDep, user: ApiUser) -> dict[str, Any]:
    return link_json(access.revoke_auditor_link(session, actor=user, link_id=link_id))
