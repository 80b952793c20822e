"""Read-only views behind an auditor link: no account, one initiative, nothing to edit.

The token is in the path, so every answer says `Referrer-Policy: no-referrer` (the
link never leaks to another site) and `Cache-Control: no-store`.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from app import errors
from app.access import services as access
from app.evidence import services as evidence_services
from app.i18n import LOCALES, pick_locale
from app.initiatives import queries as initiative_queries
from app.models.initiatives import Initiative
from app.phases import get_model
from app.reviews import queries as review_queries
from app.web.deps import SessionDep, StoreDep
from app.web.pages.audit_views import (
    pack_locale,
    pack_response,
    timeline_context,
    with_pushed_url,
)
from app.web.pages.downloads import file_response
from app.web.templating import html_of

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
    full = {"request": request, "current_user": None, **context}
    html = html_of(request, _locale(request), name, full, block)
    response = HTMLResponse(html, status_code=status_code, headers=PRIVATE)
    response.headers["Vary"] = "HX-Request"
    return response


def link_initiative(token: str, session: SessionDep) -> Initiative | None:
    """The initiative the link of the path opens; None when it is unknown, expired or
    revoked, which every view answers with the same page (it does not say which)."""
    try:
        return access.initiative_for_link(session, token)
    except access.LinkInvalid:
        return None


LinkInitiative = Annotated[Initiative | None, Depends(link_initiative)]


def _invalid(request: Request) -> HTMLResponse:
    return _render(request, "audit/link_invalid.html", {}, status_code=404)


@router.get("/audit/{token}", response_class=HTMLResponse)
def overview(
    request: Request, token: str, initiative: LinkInitiative, session: SessionDep
) -> HTMLResponse:
    if initiative is None:
        return _invalid(request)
    model = get_model(initiative.model_version)
    current = initiative_queries.phase_state(session, initiative, model)
    context = {
        **timeline_context(request, session, initiative, show_chain=True),
        "token": token,
        "model": model,
        "current": current,
        "transitions": initiative_queries.transitions(session, initiative.id),
        "reviews": review_queries.gate_reviews(session, initiative.id),
        "base_path": f"/audit/{token}",
        "pack_path": f"/audit/{token}/audit-pack.zip",
        "lang_param": _asked_locale(request),
    }
    response = _render(request, "audit/auditor.html", context, block="timeline")
    return with_pushed_url(request, response, context, lang=context["lang_param"])


@router.get("/audit/{token}/evidence/{evidence_id}")
def evidence_download(
    request: Request,
    evidence_id: int,
    initiative: LinkInitiative,
    session: SessionDep,
    store: StoreDep,
) -> Response:
    if initiative is None:
        return _invalid(request)
    try:
        row, data = evidence_services.evidence_file(
            session, user=None, evidence_id=evidence_id, store=store, initiative_id=initiative.id
        )
    except errors.NotFound:
        return _invalid(request)
    response = file_response(row.file_name, row.media_type, data)
    response.headers.update(PRIVATE)
    return response


@router.get("/audit/{token}/audit-pack.zip")
def pack(
    request: Request, initiative: LinkInitiative, session: SessionDep, store: StoreDep
) -> Response:
    if initiative is None:
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
