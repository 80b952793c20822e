"""JSON shapes of who else may look at an initiative: funders and auditor links."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from pydantic import BaseModel, Field

from app.access import services as access
from app.models.access import AuditorLink
from app.models.accounts import User
from app.web.api.schemas.common import iso


class FunderIn(BaseModel):
    email: str = Field(min_length=1, max_length=254)


class AuditorLinkIn(BaseModel):
    label: str = Field(min_length=1, max_length=200)
    days: int = Field(ge=1, le=access.LINK_MAX_DAYS)


def link_url(request: Request, token: str) -> str:
    """The address of an auditor link (the page shows it once, the API returns it once):
    under KLUSTERFAS_BASE_URL when set, since behind a proxy the request's own address
    may be an internal one."""
    base = request.app.state.settings.base_url or str(request.base_url)
    return base.rstrip("/") + f"/audit/{token}"


def funder_json(user: User) -> dict[str, Any]:
    return {"id": user.id, "email": user.email, "name": user.name}


def link_json(link: AuditorLink) -> dict[str, Any]:
    return {
        "id": link.id,
        "initiative_id": link.initiative_id,
        "label": link.label,
        "status": access.link_status(link),
        "created_at": link.created_at.isoformat(),
        "expires_at": link.expires_at.isoformat(),
        "revoked_at": iso(link.revoked_at),
        "last_used_at": iso(link.last_used_at),
    }
