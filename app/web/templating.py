"""Jinja2 environments (one per locale) and the full-page-or-partial decision."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.exc import SQLAlchemyError
from starlette.requests import Request
from starlette.responses import HTMLResponse

from app import clock
from app.rendering import environment
from app.uow import end_request
from app.web.deps import request_locale
from app.web.security import csrf_token, pop_flashes
from app.worklists import queries as worklist_queries
from app.worklists.rules import Horizon


def is_partial_request(request: Request) -> bool:
    """HTMX asked for a fragment (a boosted navigation still wants the full page)."""
    return (
        request.headers.get("HX-Request") == "true" and request.headers.get("HX-Boosted") != "true"
    )


def html_of(
    request: Request, locale: str, name: str, context: Mapping[str, Any], block: str | None
) -> str:
    """The template whole, or only `block` of it when HTMX asks for a fragment."""
    template = environment(locale).get_template(name)
    if block is not None and is_partial_request(request):
        return "".join(template.blocks[block](template.new_context(dict(context))))
    return template.render(context)


def navigation_counts(request: Request) -> dict[str, int]:
    """The navigation's badges: what waits in the work list, and unread notifications."""
    user = getattr(request.state, "user", None)
    session = getattr(request.state, "db", None)
    if user is None or session is None:
        return {"work": 0, "unread": 0}
    try:
        work, unread = worklist_queries.navigation_counts(session, user, Horizon(clock.today()))
        return {"work": work, "unread": unread}
    except SQLAlchemyError:  # an error page must render even when the database cannot answer
        return {"work": 0, "unread": 0}


def render(
    request: Request,
    name: str,
    context: Mapping[str, Any],
    *,
    block: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    """Render the whole page, or only `block` of it for an HTMX request."""
    partial = block is not None and is_partial_request(request)
    full_context = {
        "request": request,
        "current_user": getattr(request.state, "user", None),
        "csrf_token": csrf_token(request),
        "flashes": [] if partial else pop_flashes(request),
        "navigation_counts": {"work": 0, "unread": 0} if partial else navigation_counts(request),
        "upload_max_mb": request.app.state.settings.upload_max_bytes // 1_048_576,
        **context,
    }
    html = html_of(request, request_locale(request), name, full_context, block)
    session = getattr(request.state, "db", None)
    if session is not None:
        # Rendered: nothing more to read. Ended here, in the handler's worker thread, the
        # request's transaction costs no thread-pool hop of its own (app.web.deps).
        end_request(session)
    response = HTMLResponse(html, status_code=status_code)
    response.headers["Vary"] = "HX-Request"
    return response
