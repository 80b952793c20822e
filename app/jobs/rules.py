"""Leases of scheduled jobs: names, how long a run holds one, who may take one (pure)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from app.errors import InvalidInput

# The jobs that cron may start on every node. A new job adds its name here.
DIGEST = "digest"
NOTIFICATIONS = "notifications"

NAME = re.compile(r"[a-z][a-z0-9_.-]{0,59}")
HOLDER_MAX = 200
LONGEST_HOLD = timedelta(days=30)


@dataclass(frozen=True)
class Lease:
    name: str
    holder: str
    expires_at: datetime


def checked_name(name: str) -> str:
    if not NAME.fullmatch(name):
        raise InvalidInput("name", "A job name is lower-case letters, digits and . _ -.")
    return name


def checked_hold(hold: timedelta) -> timedelta:
    """A run keeps its lease this long: at least a second, at most LONGEST_HOLD."""
    if not timedelta(seconds=1) <= hold <= LONGEST_HOLD:
        raise InvalidInput("hold", "A lease is held from one second to 30 days.")
    return hold


def checked_holder(holder: str) -> str:
    if not holder or len(holder) > HOLDER_MAX or not holder.isprintable():
        raise InvalidInput("holder", "A lease holder is 1-200 printable characters.")
    return holder


def may_take(lease: Lease | None, *, holder: str, now: datetime) -> bool:
    """The rule the conditional upsert applies in SQL (services.acquire): a lease is
    free when nobody holds it, it has run out, or the same holder renews it."""
    return lease is None or lease.expires_at <= now or lease.holder == holder
