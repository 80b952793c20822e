"""The audit pages of an initiative: its timeline and its audit pack."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from app import errors
from app.domain import permissions
from app.web.deps import PageInitiative, PageUser, SessionDep, StoreDep, request_locale
from app.web.pages.audit_views import (
    pack_locale,
    pack_response,
    timeline_context,
    with_pushed_url,
)
from app.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/initiatives/{initiative_id}/audit", response_class=HTMLResponse)
def timeline_page(
    request: Request, initiative: PageInitiative, session: SessionDep, user: PageUser
) -> HTMLResponse:
    may_read_chain = permissions.can_read_audit(user.role)
    context = {
        **timeline_context(request, session, initiative, show_chain=may_read_chain),
        "base_path": f"/initiatives/{initiative.id}/audit",
        "pack_path": f"/initiatives/{initiative.id}/audit-pack.zip",
    }
    response = render(request, "audit/timeline.html", context, block="timeline")
    return with_pushed_url(request, response, context)


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
