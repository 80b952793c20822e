"""The audit pages of an initiative: its timeline, the chain's check and its audit pack."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from app import errors
from app.access import services as access
from app.domain import permissions
from app.web.deps import PageInitiative, PageUser, SessionDep, StoreDep, request_locale
from app.web.pages.audit_views import (
    chain_check,
    pack_locale,
    pack_response,
    page_locale,
    timeline_context,
    with_pushed_url,
)
from app.web.templating import html_of, render

router = APIRouter(include_in_schema=False)

# As every page behind an auditor link (app/web/pages/auditor.py): the token is in the path.
PRIVATE = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer", "Vary": "HX-Request"}


@router.get("/initiatives/{initiative_id}/audit", response_class=HTMLResponse)
def timeline_page(
    request: Request, initiative: PageInitiative, session: SessionDep, user: PageUser
) -> HTMLResponse:
    context = {
        **timeline_context(
            request, session, initiative, show_chain=permissions.can_read_audit(user.role)
        ),
        "base_path": f"/initiatives/{initiative.id}/audit",
        "pack_path": f"/initiatives/{initiative.id}/audit-pack.zip",
    }
    status = 422 if context["filter_error"] else 200
    response = render(request, "audit/timeline.html", context, block="timeline", status_code=status)
    return with_pushed_url(request, response, context)


@router.get("/initiatives/{initiative_id}/audit/verify", response_class=HTMLResponse)
def verify(
    request: Request, initiative: PageInitiative, session: SessionDep, user: PageUser
) -> HTMLResponse:
    """The whole chain checked, in words: the answer alone for the button (HTMX), or a
    page of its own without JavaScript. Leadership groups do not read the whole chain."""
    if not permissions.can_read_audit(user.role):
        raise errors.Forbidden("Only support officers, admins and funders verify the audit log.")
    context = {
        "layout": "base.html",
        "initiative": initiative,
        "check": chain_check(session, request_locale(request)),
        "verify_path": request.url.path,
        "back_path": f"/initiatives/{initiative.id}/audit",
    }
    return render(request, "audit/verify.html", context, block="chain")


@router.get("/audit/{token}/verify", response_class=HTMLResponse)
def verify_by_link(request: Request, token: str, session: SessionDep) -> HTMLResponse:
    """The same check behind an auditor link, in the link's language."""
    locale = page_locale(request)
    try:
        initiative = access.initiative_for_link(session, token)
    except access.LinkInvalid:
        html = html_of(request, locale, "audit/link_invalid.html", {"request": request}, None)
        return HTMLResponse(html, status_code=404, headers=PRIVATE)
    lang = request.query_params.get("lang")
    suffix = f"?lang={lang}" if lang == locale else ""
    context = {
        "request": request,
        "current_user": None,
        "layout": "audit/auditor_base.html",
        "initiative": initiative,
        "check": chain_check(session, locale),
        "verify_path": request.url.path + suffix,
        "back_path": f"/audit/{token}{suffix}",
    }
    html = html_of(request, locale, "audit/verify.html", context, "chain")
    return HTMLResponse(html, headers=PRIVATE)


@router.get("/initiatives/{initiative_id}/audit-pack.zip")
def pack(
    request: Request,
    initiative: PageInitiative,
    session: SessionDep,
    user: PageUser,
    store: StoreDep,
) -> Response:
    """For those who audit: admins, support officers and the initiative's funders. The
    pack carries the whole chain's verification, which leadership groups do not read."""
    if not permissions.can_read_audit(user.role):
        raise errors.Forbidden("The audit pack is for support officers, admins and funders.")
    return pack_response(
        session,
        initiative=initiative,
        store=store,
        generated_by=user.email,
        locale=pack_locale(request, request_locale(request)),
    )
