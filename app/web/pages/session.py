"""Logging in and out, and the language switch."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.accounts import services as accounts
from app.i18n import LOCALES
from app.web.deps import SessionDep, optional_user
from app.web.templating import render
from app.web.throttle import client_address

router = APIRouter(include_in_schema=False)

# The status of each refusal of accounts.log_in.
_REFUSED = {"login_failed": 401, "login_throttled": 429, "account_deactivated": 403}


def _safe_next(target: str | None) -> str:
    # Only local paths: never send a freshly logged-in user to another site.
    if not target or not target.startswith("/") or target.startswith("//"):
        return "/initiatives"
    parts = urlsplit(target)
    return parts.path + (f"?{parts.query}" if parts.query else "")


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, session: SessionDep, next: str | None = None) -> Response:
    if optional_user(request, session) is not None:
        return RedirectResponse(_safe_next(next), status_code=303)
    return render(request, "login.html", {"next": _safe_next(next), "email": "", "error": None})


@router.post("/login", response_class=HTMLResponse)
def login(
    request: Request,
    session: SessionDep,
    email: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "",
) -> Response:
    context = {"next": _safe_next(next), "email": email}
    attempt = accounts.log_in(
        session, email=email, password=password, client=client_address(request)
    )
    if attempt.user is None:
        refusal = attempt.refusal or "login_failed"
        response = render(
            request, "login.html", {**context, "error": refusal}, status_code=_REFUSED[refusal]
        )
        if attempt.retry_after:
            response.headers["Retry-After"] = str(attempt.retry_after)
        return response
    user = attempt.user
    lang = request.session.get("lang")
    request.session.clear()  # a fresh session (and CSRF token) at every login
    request.session.update({"uid": user.id, "sv": user.session_version})
    if lang:
        request.session["lang"] = lang
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/logout")
def logout(request: Request, session: SessionDep) -> Response:
    user = optional_user(request, session)
    if user is not None:
        # Ends the session on the server too: a copy of this cookie stops working.
        accounts.end_sessions(session, user=user)
    lang = request.session.get("lang")
    request.session.clear()
    if lang:
        request.session["lang"] = lang
    return RedirectResponse("/login", status_code=303)


@router.post("/language")
def set_language(
    request: Request,
    session: SessionDep,
    lang: Annotated[str, Form()],
    next: Annotated[str, Form()] = "/",
) -> Response:
    if lang in LOCALES:
        request.session["lang"] = lang
        user = optional_user(request, session)
        if user is not None:
            accounts.set_language(session, user=user, locale=lang)
    return RedirectResponse(_safe_next(next), status_code=303)
