"""The audit trail: chain verification, an initiative's timeline and its audit pack."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from app import audit, audit_pack, services
from app.audit_timeline import entry_json, timeline
from app.domain import permissions
from app.models import User
from app.web.audit_views import filtered_url, pack_locale, pack_response, timeline_context
from app.web.deps import ApiUser, PageUser, SessionDep, StoreDep, request_locale
from app.web.templating import is_partial_request, render

router = APIRouter(tags=["audit"])


def _may_read_chain(user: User) -> bool:
    return permissions.can_read_audit(user.role)


@router.get("/api/audit/verify")
def verify(session: SessionDep, user: ApiUser) -> dict[str, object]:
    """`{"ok", "entries", "first_broken"}` for the whole chain."""
    if not _may_read_chain(user):
        raise services.Forbidden("Only support officers, admins and funders verify the audit log.")
    return audit.verify(session).as_dict()


@router.get("/api/audit/public-key")
def public_key(session: SessionDep) -> dict[str, str]:
    """The key that checks audit-pack signatures; public by design."""
    return {"algorithm": "Ed25519", "public_key": audit_pack.public_key_hex(audit.key_of(session))}


@router.get("/api/initiatives/{initiative_id}/audit")
def timeline_json(
    request: Request, initiative_id: int, session: SessionDep, user: ApiUser
) -> dict[str, Any]:
    initiative = services.visible_initiative(session, user, initiative_id)
    params = {name: request.query_params.get(name) for name in ("phase", "actor", "action")}
    found = timeline(session, initiative.id, params)
    return {
        "initiative_id": initiative.id,
        "filters": found.filters,
        "entries": [entry_json(e) for e in found.entries],
        "total": len(found.entries),
    }


@router.get("/initiatives/{initiative_id}/audit", response_class=HTMLResponse,
            include_in_schema=False)  # fmt: skip
def timeline_page(
    request: Request, initiative_id: int, session: SessionDep, user: PageUser
) -> HTMLResponse:
    initiative = services.visible_initiative(session, user, initiative_id)
    context = {
        **timeline_context(request, session, initiative, show_chain=_may_read_chain(user)),
        "base_path": f"/initiatives/{initiative.id}/audit",
        "pack_path": f"/initiatives/{initiative.id}/audit-pack.zip",
    }
    response = render(request, "audit/timeline.html", context, block="timeline")
    if is_partial_request(request):
        response.headers["HX-Push-Url"] = filtered_url(
            context["base_path"], context["timeline"].filters
        )
    return response


@router.get("/initiatives/{initiative_id}/audit-pack.zip", include_in_schema=False)
def pack(
    request: Request, initiative_id: int, session: SessionDep, user: PageUser, store: StoreDep
) -> Response:
    """For those who audit: admins, support officers and the initiative's funders. The
    pack carries the whole chain's verification, which leadership groups do not read."""
    initiative = services.visible_initiative(session, user, initiative_id)
    if not _may_read_chain(user):
        raise services.Forbidden("The audit pack is for support officers, admins and funders.")
    return pack_response(
        session,
        initiative=initiative,
        store=store,
        generated_by=user.email,
        locale=pack_locale(request, request_locale(request)),
    )
