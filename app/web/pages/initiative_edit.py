"""The form that renames an initiative and moves it to another region or sector."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app import errors
from app.domain import permissions
from app.initiatives.editing import edit_initiative
from app.models.initiatives import Initiative
from app.regions import queries as region_queries
from app.web.deps import PageInitiative, PageUser, SessionDep
from app.web.templating import render

router = APIRouter(include_in_schema=False)


def _page(
    request: Request,
    session: SessionDep,
    initiative: Initiative,
    form: dict[str, str],
    *,
    error: errors.Refused | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    choices = region_queries.names(session)
    if initiative.region not in choices:
        choices = [initiative.region, *choices]  # placed before the list existed
    context = {"initiative": initiative, "form": form, "regions": choices, "error": error}
    return render(request, "initiatives/edit.html", context, status_code=status_code)


@router.get("/initiatives/{initiative_id}/edit", response_class=HTMLResponse)
def edit_page(
    request: Request, initiative: PageInitiative, session: SessionDep, user: PageUser
) -> HTMLResponse:
    if not permissions.can_create_initiative(user.role):
        raise errors.Forbidden(
            "Only support officers and admins edit initiatives.", code="may_not_edit"
        )
    form = {
        "name": initiative.name,
        "region": initiative.region,
        "sector": initiative.sector or "",
    }
    return _page(request, session, initiative, form)


@router.post("/initiatives/{initiative_id}/edit")
def edit_form(
    request: Request,
    initiative: PageInitiative,
    session: SessionDep,
    user: PageUser,
    name: Annotated[str, Form()] = "",
    region: Annotated[str, Form()] = "",
    sector: Annotated[str, Form()] = "",
) -> Response:
    form = {"name": name, "region": region, "sector": sector}
    try:
        edit_initiative(
            session, actor=user, initiative_id=initiative.id, name=name, region=region,
            sector=sector,
        )  # fmt: skip
    except errors.InvalidInput as problem:
        return _page(request, session, initiative, form, error=problem, status_code=422)
    return RedirectResponse(f"/initiatives/{initiative.id}", status_code=303)
