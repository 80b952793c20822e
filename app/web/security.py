"""CSRF tokens, flash messages and security headers."""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Callable
from typing import Any, TypeVar

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.flashes import Flash

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
EXPIRED = "The form has expired or did not come from this site. Reload the page."
C = TypeVar("C", bound=Callable[..., Any])


class CsrfError(Exception):
    code = "csrf_failed"


def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


# A route whose multipart form is read by a dependency marked @token_in_form: that reader
# (app.web.forms.read_form) checks the form's token, once the route's permission check has
# passed, so nobody who may not post there makes the server read a byte of an upload.
MARK = "_csrf_checked_by_form_reader"
PENDING = "csrf_token_in_form"  # request.state: the form's token is still to be checked


def token_in_form(reader: C) -> C:
    """Mark a dependency that reads its multipart form with app.web.forms.read_form."""
    setattr(reader, MARK, True)
    return reader


def _reads_token_itself(dependant: Any) -> bool:
    return any(
        getattr(d.call, MARK, False) or _reads_token_itself(d) for d in dependant.dependencies
    )


async def check_csrf(request: Request) -> None:
    """Session-authenticated writes must echo the session's token (header or form field).
    A multipart form without the header is read only by a route that checks its token
    itself (@token_in_form) or whose own form fields FastAPI has read already; any other
    route refuses it unread."""
    if request.method not in UNSAFE_METHODS:
        return
    if request.headers.get("Authorization", "").lower().startswith("bearer "):
        return  # a bearer token is not an ambient credential
    if request.headers.get("Sec-Fetch-Site") == "cross-site":
        raise CsrfError("Cross-site request refused.")
    sent = request.headers.get(CSRF_HEADER)
    content_type = request.headers.get("content-type", "")
    if sent is None and content_type.startswith("multipart/form-data"):
        route = request.scope.get("route")
        dependant = getattr(route, "dependant", None)
        if dependant is not None and _reads_token_itself(dependant):
            setattr(request.state, PENDING, True)
            return
        if getattr(route, "body_field", None) is None:
            # Nothing has read this body, and no reader of this route checks a token in it.
            raise CsrfError(EXPIRED)
        # FastAPI read the route's own form fields (Form, File) before any dependency.
    if sent is None and content_type.startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        sent = _field(await request.form())
    _compare(request, sent)


def check_form_token(request: Request, form: FormData) -> None:
    """The token a multipart form carries, if check_csrf left it to the form's reader."""
    if getattr(request.state, PENDING, False):
        _compare(request, _field(form))
        setattr(request.state, PENDING, False)


def _field(form: FormData) -> str | None:
    value = form.get(CSRF_FIELD)
    return value if isinstance(value, str) else None


def _compare(request: Request, sent: str | None) -> None:
    expected = request.session.get("csrf")
    if not (isinstance(expected, str) and sent and hmac.compare_digest(expected, sent)):
        raise CsrfError(EXPIRED)


def flash(request: Request, code: Flash, kind: str = "info") -> None:
    """Say `code` on the next page; every code has its label in app/labels.py."""
    request.session.setdefault("flash", []).append([kind, Flash(code).value])


def pop_flashes(request: Request) -> list[Any]:
    return list(request.session.pop("flash", []))


SECURITY_HEADERS = [
    (
        b"content-security-policy",
        b"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        b"frame-ancestors 'none'; form-action 'self'; base-uri 'self'",
    ),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
]


# Pages and API answers carry what one person may see: no shared or browser cache keeps
# them (the back button after logout shows nothing). Only the static files are cached.
NO_STORE = (b"cache-control", b"no-store")
# Sent only when the cookies are HTTPS-only: the site is then meant to be HTTPS-only too.
HSTS = (b"strict-transport-security", b"max-age=31536000")


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp, *, hsts: bool = False) -> None:
        self.app = app
        self.hsts = hsts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = [*SECURITY_HEADERS, *([HSTS] if self.hsts else [])]
        if not str(scope.get("path", "")).startswith("/static/"):
            extra.append(NO_STORE)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                # A response may set its own, stricter value (auditor links: no-referrer).
                present = {name.lower() for name, _ in headers}
                message["headers"] = headers + [h for h in extra if h[0] not in present]
            await send(message)

        await self.app(scope, receive, send_with_headers)
