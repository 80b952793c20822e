"""The admin's list of regions: add and rename."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from app import errors
from app.regions import queries as region_queries
from app.regions import services as regions
from app.web.deps import PageUser, SessionDep
from app.web.pages.admin_users import require_admin
from app.web.templating import render

router = APIRouter(include_in_schema=False)

DONE = ("added", "renamed")


def _page(
    request: Request,
    session: Session,
    *,
    error: errors.Refused | None = None,
    failed: str = "",
    status_code: int = 200,
) -> HTMLResponse:
    context = {
        "regions": region_queries.all_regions(session),
        "error": error,
        "failed": failed,  # "new" or the id of the region whose rename failed
        "done": done if (done := request.query_params.get("done")) in DONE else None,
    }
    return render(request, "admin/regions.html", context, status_code=status_code)


@router.get("/admin/regions", response_class=HTMLResponse)
def regions_page(request: Request, session: SessionDep, user: PageUser) -> HTMLResponse:
    require_admin(user)
    return _page(request, session)


@router.post("/admin/regions")
def add_form(
    request: Request, session: SessionDep, user: PageUser, name: Annotated[str, Form()] = ""
) -> Response:
    require_admin(user)
    try:
        regions.add_region(session, actor=user, name=name)
    except (errors.InvalidInput, errors.Conflict) as problem:
        return _page(request, session, error=problem, failed="new", status_code=422)
    return RedirectResponse("/admin/regions?done=added", status_code=303)


@router.post("/admin/regions/{region_id}")
def rename_form(
    request: Request,
    region_id: int,
    session: SessionDep,
    user: PageUser,
    name: Annotated[str, Form()] = "",
) -> Response:
    require_admin(user)
    try:
        regions.rename_region(session, actor=user, region_id=region_id, name=name)
    except (errors.InvalidInput, errors.Conflict) as problem:
        return _page(request, session, error=problem, failed=str(region_id), status_code=422)
    return RedirectResponse("/admin/regions?done=renamed", status_code=303)
