"""The portfolio dashboard, its blocking-items explanation and the region settings."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app import errors
from app.flashes import Flash
from app.phases import CATEGORY_ORDER, PHASE_ORDER, Phase
from app.portfolio import readiness
from app.portfolio import services as portfolio_services
from app.portfolio.filtering import filter_options, region_settings
from app.portfolio.queries import portfolio_page
from app.portfolio.rules import PER_PAGE_MAX, may_manage_regions
from app.web.deps import PageInitiative, PageUser, SessionDep, request_locale
from app.web.forms import whole_number
from app.web.portfolio_rows import shown_rows
from app.web.portfolio_scope import scope_for, shown_filters
from app.web.security import flash
from app.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/portfolio", response_class=HTMLResponse)
def dashboard(request: Request, session: SessionDep, user: PageUser) -> HTMLResponse:
    filters, error = shown_filters(request)
    scope = scope_for(request, user)
    page = portfolio_page(session, scope, filters)
    regions, sectors = filter_options(session, scope)
    context: dict[str, Any] = {
        "page": page,
        "rows": shown_rows(page.rows, scope.now, request_locale(request)),
        "filters": filters,
        "regions": regions,
        "sectors": sectors,
        "phases": (*PHASE_ORDER, Phase.CLOSED),
        "categories": CATEGORY_ORDER,
        "now": scope.now,
        "filter_error": error,
        "per_page_max": PER_PAGE_MAX,
    }
    response = render(
        request, "portfolio/dashboard.html", context, block="results",
        status_code=422 if error else 200,
    )  # fmt: skip
    # The browser's address bar gets the canonical query, without the form's empty fields.
    query = filters.url_query()
    response.headers["HX-Push-Url"] = "/portfolio" + (f"?{query}" if query else "")
    return response


@router.get("/portfolio/blocking/{initiative_id}", response_class=HTMLResponse)
def blocking(request: Request, initiative: PageInitiative, session: SessionDep) -> HTMLResponse:
    items = readiness.blocking_items(session, initiative)
    context = {"initiative": initiative, "items": items}
    return render(request, "portfolio/blocking.html", context, block="blocking")


@router.get("/portfolio/regions", response_class=HTMLResponse)
def regions_page(request: Request, session: SessionDep, user: PageUser) -> HTMLResponse:
    return _regions(request, session, user)


def _regions(
    request: Request, session: SessionDep, user: PageUser, *, error: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:  # fmt: skip
    default = request.app.state.settings.stalled_after_days
    context = {
        "settings": region_settings(session, default_days=default, user=user),
        "default_days": default,
        "may_manage": may_manage_regions(user.role),
        "error": error,
    }
    return render(request, "portfolio/regions.html", context, status_code=status_code)


@router.post("/portfolio/regions", response_class=HTMLResponse)
def save_region(
    request: Request,
    session: SessionDep,
    user: PageUser,
    region: Annotated[str, Form()] = "",
    stalled_after_days: Annotated[str, Form()] = "",
) -> Response:
    days = whole_number(stalled_after_days)
    try:
        portfolio_services.set_stalled_after_days(session, actor=user, region=region, days=days)
    except errors.InvalidInput as invalid:
        return _regions(request, session, user, error=invalid.field, status_code=422)
    flash(request, Flash.REGION_SAVED, "success")
    return RedirectResponse("/portfolio/regions", status_code=303)
