"""The client address a login attempt comes from, for login throttling.

The failures themselves are counted in the database (app/accounts/services.log_in), so
every process and machine on it sees the same counts. A proxy's X-Forwarded-For is
believed only when the connection comes from one of KLUSTERFAS_TRUSTED_PROXIES;
anyone else could write any address into it and dodge the count.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from starlette.requests import Request

from app.config import Network


def _trusted(host: str, proxies: Iterable[Network]) -> bool:
    try:
        address = ipaddress.ip_address(host.strip())
    except ValueError:
        return False
    return any(address in network for network in proxies)


def forwarded_client(peer: str, forwarded_for: str, proxies: tuple[Network, ...]) -> str:
    """The client's address: the peer, unless the peer is a trusted proxy; then the
    nearest address in X-Forwarded-For that is not one of our proxies (each proxy appends
    the address it was connected from, so the hops to the left of that may be forged)."""
    if not _trusted(peer, proxies):
        return peer
    hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _trusted(hop, proxies):
            return hop
    return hops[0] if hops else peer


def client_address(request: Request) -> str:
    peer = request.client.host if request.client else ""
    forwarded_for = ",".join(request.headers.getlist("x-forwarded-for"))
    return forwarded_client(peer, forwarded_for, request.app.state.settings.trusted_proxies)
