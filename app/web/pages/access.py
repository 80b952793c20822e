"""The page of who else may look at an initiative: its funders and read-only auditor links."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from app import errors
from app.access import queries as access_queries
from app.access import services as access
from app.flashes import Flash
from app.models.accounts import User
from app.web.api.schemas.access import link_url
from app.web.deps import PageInitiative, PageUser, SessionDep
from app.web.forms import whole_number
from app.web.templating import render

router = APIRouter(include_in_schema=False)


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
        "funders": access_queries.funders(session, initiative.id),
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


@router.get("/initiatives/{initiative_id}/access", response_class=HTMLResponse)
def access_page(
    request: Request, initiative: PageInitiative, session: SessionDep, user: PageUser
) -> HTMLResponse:
    return _page(request, session, user, initiative.id)


DONE = (Flash.FUNDER_ADDED, Flash.FUNDER_REMOVED, Flash.LINK_REVOKED)


def _back(initiative_id: int, done: Flash) -> RedirectResponse:
    # The outcome rides in the URL: the page says what was done, and a reload repeats nothing.
    return RedirectResponse(f"/initiatives/{initiative_id}/access?done={done}", status_code=303)


@router.post("/initiatives/{initiative_id}/access/funders")
def add_funder_form(
    request: Request,
    initiative_id: int,
    session: SessionDep,
    user: PageUser,
    email: Annotated[str, Form()] = "",
) -> Response:
    try:
        access.add_funder(session, actor=user, initiative_id=initiative_id, email=email)
    except errors.InvalidInput as problem:
        return _page(
            request, session, user, initiative_id,
            error={"funder": problem.message}, entered={"email": email}, status_code=422,
        )  # fmt: skip
    return _back(initiative_id, Flash.FUNDER_ADDED)


@router.post("/initiatives/{initiative_id}/access/funders/{user_id}/remove")
def remove_funder_form(
    request: Request, initiative_id: int, user_id: int, session: SessionDep, user: PageUser
) -> Response:
    access.remove_funder(session, actor=user, initiative_id=initiative_id, user_id=user_id)
    return _back(initiative_id, Flash.FUNDER_REMOVED)


@router.post("/initiatives/{initiative_id}/access/links")
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
        _link, token = access.create_auditor_link(
            session, actor=user, initiative_id=initiative_id, label=label, days=whole_number(days)
        )
    except errors.InvalidInput as problem:
        return _page(
            request, session, user, initiative_id,
            error={problem.field: problem.message}, entered=entered, status_code=422,
        )  # fmt: skip
    # Shown once, on this response only: only the token's hash is stored.
    response = _page(request, session, user, initiative_id, new_link=link_url(request, token))
    response.headers["Cache-Control"] = "no-store"
    return response


@router.post("/initiatives/{initiative_id}/access/links/{link_id}/revoke")
def revoke_link_form(
    request: Request, initiative_id: int, link_id: int, session: SessionDep, user: PageUser
) -> Response:
    access.revoke_auditor_link(session, actor=user, link_id=link_id, initiative_id=initiative_id)
    return _back(initiative_id, Flash.LINK_REVOKED)
