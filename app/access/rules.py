"""Access rules that need no database: where an auditor link (or a token) stands and how
long it may last. Pure."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from app.errors import InvalidInput


class LinkStatus(StrEnum):
    ACTIVE = "active"
    EXPIRED = "expired"
    REVOKED = "revoked"


def link_status(*, revoked_at: datetime | None, expires_at: datetime, now: datetime) -> LinkStatus:
    if revoked_at is not None:
        return LinkStatus.REVOKED
    return LinkStatus.EXPIRED if expires_at <= now else LinkStatus.ACTIVE


def check_lifetime(what: str, days: int, most: int, *, code: str) -> None:
    """Refuse (on the field `days`) a link or token meant to last outside 1 to `most` days."""
    if not 1 <= days <= most:
        raise InvalidInput("days", f"{what} lasts from 1 to {most} days.", code=code, limit=most)
