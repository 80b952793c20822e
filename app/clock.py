"""Today's date where the regions are: a date typed in Sweden is never "in the future".

Everything that stamps a record reads the time here, so a block run `as_of` a past
moment (the demo's history) writes rows and audit entries dated then. Nothing but the
demo moves the clock; a ContextVar keeps it to the code that asked.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

LOCAL_ZONE = ZoneInfo("Europe/Stockholm")

_AS_OF: ContextVar[datetime | None] = ContextVar("klusterfas_as_of", default=None)


def utc_now() -> datetime:
    return _AS_OF.get() or datetime.now(UTC)


def local_today() -> date:
    return utc_now().astimezone(LOCAL_ZONE).date()


def today() -> date:
    return utc_now().date()


@contextmanager
def as_of(moment: datetime) -> Iterator[None]:
    """Run the block as if it were `moment` (an aware datetime in the past)."""
    if moment.tzinfo is None or moment > datetime.now(UTC):
        raise ValueError("as_of takes an aware moment that is not in the future")
    token = _AS_OF.set(moment.astimezone(UTC))
    try:
        yield
    finally:
        _AS_OF.reset(token)
