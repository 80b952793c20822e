"""Target dates on result items, the overdue list and the digest opt-out."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app import clock
from app.flashes import Flash
from app.initiatives import queries as initiative_queries
from app.portfolio import deadlines
from app.portfolio import services as portfolio_services
from app.portfolio.rules import DIGEST_ROLE
from app.web.deps import PageUser, SessionDep
from app.web.pages.initiative_context import item_anchor
from app.web.security import flash
from app.web.templating import is_partial_request, render

router = APIRouter(include_in_schema=False)


PER_PAGE = 100


@router.get("/portfolio/overdue", response_class=HTMLResponse)
def overdue_page(
    request: Request,
    session: SessionDep,
    user: PageUser,
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
) -> HTMLResponse:
    today = clock.today()  # in UTC, as the item standings and readiness count days
    listed = deadlines.overdue_page(session, user=user, today=today, page=page, per_page=PER_PAGE)
    context = {
        "items": listed.items,
        "total": listed.total,
        "page": listed.page,
        "pages": listed.pages,
        "today": today,
        "gets_digest": user.role is DIGEST_ROLE,
    }
    return render(request, "portfolio/overdue.html", context)


@router.post("/portfolio/digest", response_class=HTMLResponse)
def digest_setting(
    request: Request,
    session: SessionDep,
    user: PageUser,
    digest: Annotated[str, Form()] = "",
) -> Response:
    portfolio_services.set_digest_opt_out(session, actor=user, opt_out=digest != "on")
    flash(request, Flash.DIGEST_SAVED, "success")
    return RedirectResponse("/portfolio/overdue", status_code=303)


@router.post("/initiatives/{initiative_id}/items/{key}/target-date", response_class=HTMLResponse)
def target_date(
    request: Request,
    initiative_id: int,
    key: str,
    session: SessionDep,
    user: PageUser,
    target_date: Annotated[str, Form()] = "",
) -> Response:
    error = None
    try:
        target = date.fromisoformat(target_date) if target_date.strip() else None
    except ValueError:
        initiative_queries.visible_initiative(session, user, initiative_id)
        error, target = "target_date", None
    if error is None:
        portfolio_services.set_target_date(
            session, actor=user, initiative_id=initiative_id, key=key, target=target
        )
    if not is_partial_request(request) and error is None:
        flash(request, Flash.TARGET_DATE_SAVED, "success")
        return RedirectResponse(f"/initiatives/{initiative_id}#{item_anchor(key)}", status_code=303)
    state = initiative_queries.get_item_state(session, initiative_id=initiative_id, key=key)
    context = {
        "initiative_id": initiative_id,
        "key": key,
        "value": target_date if error else (state.target_date if state else None),
        "error": error,
        "saved": error is None,
    }
    return render(
        request, "portfolio/_target_date.html", context, status_code=422 if error else 200
    )
