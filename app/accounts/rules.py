"""Account rules that need no database: the password policy, API-token lifetimes and
when a login attempt is throttled. Pure."""

from __future__ import annotations

import hashlib
import ipaddress
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path

from app.access.rules import LinkStatus, check_lifetime, link_status
from app.errors import InvalidInput

# --- passwords ------------------------------------------------------------------------

PASSWORD_MIN = 12
# argon2 hashes any length, but nobody types more; a cap keeps huge bodies cheap to refuse.
PASSWORD_MAX = 1024
# Fewer different characters than this is a repeat ("aaaa…", "abab…"), however long.
PASSWORD_MIN_DISTINCT = 5
COMMON_PASSWORDS = Path(__file__).with_name("common-passwords.txt")

_LEET = str.maketrans({"@": "a", "4": "a", "3": "e", "1": "i", "0": "o", "$": "s", "5": "s"})


@cache
def common_passwords() -> frozenset[str]:
    lines = COMMON_PASSWORDS.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


def is_common(password: str) -> bool:
    lowered = password.strip().lower()
    forms = {lowered, lowered.replace(" ", ""), lowered.translate(_LEET)}
    return len(set(lowered)) < PASSWORD_MIN_DISTINCT or not forms.isdisjoint(common_passwords())


def check_password(password: str) -> None:
    """Refuse a new password that is too short, too long or too easy to guess."""
    if len(password) < PASSWORD_MIN:
        raise InvalidInput(
            "password",
            f"The password needs at least {PASSWORD_MIN} characters.",
            code="password_too_short",
            limit=PASSWORD_MIN,
        )
    if len(password) > PASSWORD_MAX:
        raise InvalidInput(
            "password",
            f"The password may have at most {PASSWORD_MAX} characters.",
            code="password_too_long",
            limit=PASSWORD_MAX,
        )
    if is_common(password):
        raise InvalidInput(
            "password",
            "This password is too common or too easy to guess: choose another.",
            code="password_too_common",
        )


# --- API tokens -----------------------------------------------------------------------

TOKEN_DAYS_DEFAULT = 90
TOKEN_DAYS_MAX = 365
# The last-used time is written at most this often, so a busy client does not turn
# every read into a write.
TOKEN_TOUCH_INTERVAL = timedelta(minutes=1)


def token_expiry(now: datetime, days: int) -> datetime:
    check_lifetime("A token", days, TOKEN_DAYS_MAX, code="token_days")
    return now + timedelta(days=days)


def token_status(*, revoked_at: datetime | None, expires_at: datetime, now: datetime) -> LinkStatus:
    # The same three states as an auditor link: active, expired, revoked.
    return link_status(revoked_at=revoked_at, expires_at=expires_at, now=now)


def needs_touch(last_used_at: datetime | None, now: datetime) -> bool:
    return last_used_at is None or now - last_used_at >= TOKEN_TOUCH_INTERVAL


# --- login throttling -----------------------------------------------------------------


@dataclass(frozen=True)
class ThrottlePolicy:
    window: timedelta = timedelta(minutes=15)
    # Failures from one client address (any account) before it is refused outright.
    address_limit: int = 10
    # Failures against one account from elsewhere before it counts as under attack.
    account_limit: int = 5
    # Failures everywhere before the whole site counts as under attack.
    global_limit: int = 100


@dataclass(frozen=True)
class RecentFailures:
    """Failed logins within the policy's window."""

    address: int  # from this client address, against any account
    account: int  # against this account, from other addresses (its own count above)
    everywhere: int


def throttled(failures: RecentFailures, policy: ThrottlePolicy) -> str | None:
    """Why an attempt is refused before its password is checked ("address", "account",
    "global"), or None to check it.

    Throttling falls on the addresses that fail. An address without a failure in the
    window is always let through to the password check, so someone else's failures,
    however many and against whichever account, never lock the real user out; once an
    account or the whole site is under attack, an address that has failed even once
    waits for the window to pass, which caps a spray from many addresses at one guess
    per address per window.
    """
    if failures.address >= policy.address_limit:
        return "address"
    if failures.address == 0:
        return None
    if failures.account >= policy.account_limit:
        return "account"
    if failures.everywhere >= policy.global_limit:
        return "global"
    return None


def client_key(host: str) -> str:
    """The address failures are counted under: an IPv6 client by its /64 network (one
    subscriber gets a whole /64, so single addresses would be free to rotate)."""
    try:
        address = ipaddress.ip_address(host.strip())
    except ValueError:
        return host.strip()[:64] or "?"
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    return str(address)


def account_key(email: str) -> str:
    # A digest, not the address: people type passwords into the email field by mistake.
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()
