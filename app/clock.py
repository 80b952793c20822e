"""Today's date where the regions are: a date typed in Sweden is never "in the future"."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

LOCAL_ZONE = ZoneInfo("Europe/Stockholm")


def local_today() -> date:
    return datetime.now(LOCAL_ZONE).date()


def utc_now() -> datetime:
    return datetime.now(UTC)


def today() -> date:
    return datetime.now(UTC).date()
