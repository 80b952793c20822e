"""Access rules that need no database: where an auditor link stands. Pure."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum


class LinkStatus(StrEnum):
    ACTIVE = "active"
    EXPIRED = "expired"
    REVOKED = "revoked"


def link_status(*, revoked_at: datetime | None, expires_at: datetime, now: datetime) -> LinkStatus:
    if revoked_at is not None:
        return LinkStatus.REVOKED
    return LinkStatus.EXPIRED if expires_at <= now else LinkStatus.ACTIVE
