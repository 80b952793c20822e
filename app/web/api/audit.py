"""JSON API of the audit trail: the chain's verification, its public key, a timeline."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from app import errors
from app.audit import log as audit_log
from app.audit import pack as audit_pack
from app.audit.timeline import entry_json, timeline
from app.domain import permissions
from app.web.deps import ApiInitiative, ApiUser, SessionDep

router = APIRouter(prefix="/api", tags=["audit"])


@router.get("/audit/verify")
def verify(session: SessionDep, user: ApiUser) -> dict[str, object]:
    """`{"ok", "entries", "first_broken"}` for the whole chain."""
    if not permissions.can_read_audit(user.role):
        raise errors.Forbidden("Only support officers, admins and funders verify the audit log.")
    return audit_log.verify(session).as_dict()


@router.get("/audit/public-key")
def public_key(session: SessionDep) -> dict[str, str]:
    """The key that checks audit-pack signatures; public by design."""
    return {
        "algorithm": "Ed25519",
        "public_key": audit_pack.public_key_hex(audit_log.key_of(session)),
    }


@router.get("/initiatives/{initiative_id}/audit")
def timeline_json(
    request: Request, initiative: ApiInitiative, session: SessionDep
) -> dict[str, Any]:
    found = timeline(session, initiative.id, request.query_params)  # ?phase=&actor=&action=
    return {
        "initiative_id": initiative.id,
        "filters": found.filters,
        "entries": [entry_json(e) for e in found.entries],
        "total": len(found.entries),
    }
