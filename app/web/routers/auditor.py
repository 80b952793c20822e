"""Read-only views behind an auditor link: no account, one initiative, nothing to edit.

The token is in the path, so every answer says `Referrer-Policy: no-referrer` (the
link never leaks to another site) and `Cache-Control: no-store`.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from app import access, evidence, repositories, services
from app.models import Initiative
from app.phases import get_model
from app.web.audit_views import filtered_url, pack_locale, pack_response, timeline_context
from app.web.deps import SessionDep, StoreDep
from app.web.downloads import file_response
from app.web.i18n import LOCALES, pick_locale
from app.web.templating import environment, is_partial_request

router = APIRouter(include_in_schema=False)

PRIVATE = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}


def _asked_locale(request: Request) -> str | None:
    """The ?lang= of the URL when it names a locale: the page's links carry it on."""
    asked = request.query_params.get("lang")
    return asked if asked in LOCALES else None


def _locale(request: Request) -> str:
    asked = _asked_locale(request)
    return pick_locale(asked, accept_language=request.headers.get("Accept-Language", ""))


def _render(
    request: Request,
    name: str,
    context: dict[str, Any],
    *,
    block: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    # Not app.web.templating.render: no session, no CSRF token, the language from the URL.
    template = environment(_locale(request)).get_template(name)
    full = {"request": request, "current_user": None, **context}
    if block is not None and is_partial_request(request):
        html = "".join(template.blocks[block](template.new_context(full)))
    else:
        html = template.render(full)
    response = HTMLResponse(html, status_code=status_code, headers=PRIVATE)
    response.headers["Vary"] = "HX-Request"
    return response


class _Invalid(Exception):
    pass


def _initiative(session: Session, token: str) -> Initiative:
    try:
        return access.initiative_for_link(session, token)
    except access.LinkInvalid as error:
        raise _Invalid from error


def _invalid(request: Request) -> HTMLResponse:
    # Unknown, expired or revoked look the same: the page does not say which.
    return _render(request, "audit/link_invalid.html", {}, status_code=404)


@router.get("/audit/{token}", response_class=HTMLResponse)
def overview(request: Request, token: str, session: SessionDep) -> HTMLResponse:
    try:
        initiative = _initiative(session, token)
    except _Invalid:
        return _invalid(request)
    model = get_model(initiative.model_version)
    current = services.phase_state(session, initiative, model)
    context = {
        **timeline_context(request, session, initiative, show_chain=True),
        "token": token,
        "model": model,
        "current": current,
        "transitions": repositories.transitions(session, initiative.id),
        "reviews": repositories.gate_reviews(session, initiative.id),
        "base_path": f"/audit/{token}",
        "pack_path": f"/audit/{token}/audit-pack.zip",
        "lang_param": _asked_locale(request),
    }
    response = _render(request, "audit/auditor.html", context, block="timeline")
    if is_partial_request(request):
        response.headers["HX-Push-Url"] = filtered_url(
            context["base_path"], context["timeline"].filters, lang=context["lang_param"]
        )
    return response


@router.get("/audit/{token}/evidence/{evidence_id}")
def evidence_download(
    request: Request, token: str, evidence_id: int, session: SessionDep, store: StoreDep
) -> Response:
    try:
        initiative = _initiative(session, token)
        row, data = evidence.evidence_file(
            session, user=None, evidence_id=evidence_id, store=store, initiative_id=initiative.id
        )
    except (_Invalid, services.NotFound):
        return _invalid(request)
    response = file_response(row.file_name, row.media_type, data)
    response.headers.update(PRIVATE)
    return response


@router.get("/audit/{token}/audit-pack.zip")
def pack(request: Request, token: str, session: SessionDep, store: StoreDep) -> Response:
    try:
        initiative = _initiative(session, token)
    except _Invalid:
        return _invalid(request)
    response = pack_response(
        session,
        initiative=initiative,
        store=store,
        generated_by="auditor link",
        locale=pack_locale(request, _locale(request)),
    )
    response.headers.update(PRIVATE)
    return response
