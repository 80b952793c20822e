"""The form that records a grant on the initiative's "Financing and support" tab."""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from app import errors
from app.flashes import Flash
from app.grants import services
from app.initiatives import queries as initiative_queries
from app.models.accounts import User
from app.web.deps import PageUser, SessionDep
from app.web.pages.financing import financing_page, page_path
from app.web.pages.financing_context import FORM_FIELDS, financing_context
from app.web.security import flash
from app.web.templating import is_partial_request, render

router = APIRouter(include_in_schema=False)

SECTION = "grants/_financing.html"


async def _form(request: Request) -> dict[str, Any]:
    """The form's fields as typed (async, so that the handler need not be: app/web/forms.py)."""
    form = await request.form()
    entered: dict[str, Any] = {
        name: str(form.get(name) or "") for name in FORM_FIELDS if name != "phases"
    }
    entered["phases"] = [str(p) for p in form.getlist("phases")]
    return entered


def _raw(entered: dict[str, Any]) -> dict[str, Any]:
    """The form as the use-case reads a request: empty fields left out, the reporting
    dates split at commas, semicolons and spaces."""
    raw: dict[str, Any] = {k: v for k, v in entered.items() if v not in ("", [])}
    raw.pop("reporting_dates", None)
    dates = [d for d in re.split(r"[\s,;]+", entered["reporting_dates"]) if d]
    if dates:
        raw["reporting_dates"] = dates
    return raw


def _refused(
    request: Request, session: Session, user: User, initiative_id: int,
    error: errors.InvalidInput, entered: dict[str, Any],
) -> HTMLResponse:  # fmt: skip
    """The form again with the error beside its field and the input kept: the section
    alone for HTMX, else the whole tab."""
    initiative = initiative_queries.visible_initiative(session, user, initiative_id)
    shown = financing_context(session, user, initiative, error=error, entered=entered)
    if is_partial_request(request):
        return render(request, SECTION, shown, status_code=422)
    return financing_page(request, session, user, initiative, financing=shown, status_code=422)


GrantForm = Annotated[dict[str, Any], Depends(_form)]


@router.post("/initiatives/{initiative_id}/grants", response_class=HTMLResponse)
def add_grant(
    request: Request, initiative_id: int, entered: GrantForm, session: SessionDep, user: PageUser
) -> Response:
    try:
        services.add_grant(session, actor=user, initiative_id=initiative_id, raw=_raw(entered))
    except errors.InvalidInput as invalid:
        return _refused(request, session, user, initiative_id, invalid, entered)
    if is_partial_request(request):
        initiative = initiative_queries.visible_initiative(session, user, initiative_id)
        return render(request, SECTION, financing_context(session, user, initiative, added=True))
    flash(request, Flash.GRANT_ADDED, "success")
    return RedirectResponse(page_path(initiative_id, "financing"), status_code=303)
