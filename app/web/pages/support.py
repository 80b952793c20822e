"""Support delivered: record an activity from the initiative's "Financing and support" tab,
and the portfolio's support per region over a period."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app import errors
from app.flashes import Flash
from app.initiatives import queries as initiative_queries
from app.portfolio.filtering import filter_options
from app.support import services
from app.web.deps import PageUser, SessionDep
from app.web.pages.financing import financing_page, page_path
from app.web.pages.support_context import support_context
from app.web.portfolio_scope import scope_for, shown_filters
from app.web.problems import Refusal
from app.web.security import flash
from app.web.templating import is_partial_request, render

router = APIRouter(include_in_schema=False)


@router.post("/initiatives/{initiative_id}/support-activities", response_class=HTMLResponse)
def record(
    request: Request,
    initiative_id: int,
    session: SessionDep,
    user: PageUser,
    on: Annotated[str, Form()] = "",
    kind: Annotated[str, Form()] = "",
    hours: Annotated[str, Form()] = "",
    cost_sek: Annotated[str, Form()] = "",
    item_key: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
) -> Response:
    """The same use-case as the JSON API; a refusal shows the section again, in place,
    with the input kept."""
    entered = {"on": on, "kind": kind, "hours": hours, "cost_sek": cost_sek,
               "item_key": item_key, "note": note}  # fmt: skip
    with Refusal(errors.InvalidInput) as refused:
        recorded = services.record_activity(
            session, user=user, initiative_id=initiative_id, raw=entered
        )
    if refused.error is None and not is_partial_request(request):
        flash(request, Flash.SUPPORT_RECORDED, "success")
        return RedirectResponse(page_path(initiative_id, "support-delivered"), 303)
    shown: dict[str, Any] = (
        {"error": refused.error, "entered": entered} if refused else {"recorded": recorded}
    )
    section = support_context(session, user, initiative_id, **shown)
    if is_partial_request(request):
        return render(request, "support/_section.html", section, status_code=refused.status_code)
    # Without JavaScript: the whole tab, the section saying what was wrong.
    initiative = initiative_queries.visible_initiative(session, user, initiative_id)
    return financing_page(
        request, session, user, initiative, support=section, status_code=refused.status_code
    )


@router.get("/portfolio/support", response_class=HTMLResponse)
def portfolio_support(request: Request, session: SessionDep, user: PageUser) -> HTMLResponse:
    """Per region: activities, hours and kronor in the period, over the dashboard's filters."""
    filters, filter_error = shown_filters(request)
    scope = scope_for(request, user)
    raw_from = request.query_params.get("from", "")
    raw_to = request.query_params.get("to", "")
    with Refusal(errors.InvalidInput) as refused:
        start, end = services.period(raw_from, raw_to)
    if refused:
        start = end = None
    summary = services.portfolio_support(session, scope=scope, chosen=filters, start=start, end=end)
    regions, sectors = filter_options(session, scope)
    context = {
        "summary": summary,
        "filters": filters,
        "filter_error": filter_error,
        "period_error": refused.error,
        "entered_from": raw_from,
        "entered_to": raw_to,
        "regions": regions,
        "sectors": sectors,
    }
    status = 422 if refused or filter_error else 200
    return render(request, "support/portfolio.html", context, status_code=status)
