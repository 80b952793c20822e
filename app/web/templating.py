"""Jinja2 environments (one per locale) and the full-page-or-partial decision."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse

from app.web.deps import request_locale
from app.web.i18n import LOCALES, translations
from app.web.security import csrf_token, pop_flashes

TEMPLATE_DIR = Path(__file__).resolve().parent.parent.parent / "templates"


# Swedish regions read local time; the database keeps UTC.
LOCAL_TIME = ZoneInfo("Europe/Stockholm")


def _datetime(value: datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    return value.astimezone(LOCAL_TIME).strftime(fmt) if value else ""


@cache
def environment(locale: str) -> Environment:
    # One environment per locale: install_gettext_translations changes globals,
    # so switching a shared one per request would leak between requests.
    env = Environment(
        loader=FileSystemLoader(TEMPLATE_DIR),
        autoescape=select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"],
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_translations(translations(locale), newstyle=True)  # type: ignore[attr-defined]
    env.globals["locale"] = locale
    env.globals["LOCALES"] = LOCALES
    env.filters["datetime"] = _datetime
    return env


def is_partial_request(request: Request) -> bool:
    """HTMX asked for a fragment (a boosted navigation still wants the full page)."""
    return (
        request.headers.get("HX-Request") == "true" and request.headers.get("HX-Boosted") != "true"
    )


def render(
    request: Request,
    name: str,
    context: Mapping[str, Any],
    *,
    block: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    """Render the whole page, or only `block` of it for an HTMX request."""
    locale = request_locale(request)
    template = environment(locale).get_template(name)
    partial = block is not None and is_partial_request(request)
    full_context = {
        "request": request,
        "current_user": getattr(request.state, "user", None),
        "csrf_token": csrf_token(request),
        "flashes": [] if partial else pop_flashes(request),
        "upload_max_mb": request.app.state.settings.upload_max_bytes // 1_048_576,
        **context,
    }
    if partial:
        html = "".join(template.blocks[block](template.new_context(full_context)))  # type: ignore[index]
    else:
        html = template.render(full_context)
    response = HTMLResponse(html, status_code=status_code)
    response.headers["Vary"] = "HX-Request"
    return response
