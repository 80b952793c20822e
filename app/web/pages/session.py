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

router = APIRouter(include_in_schema=False)


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
    throttle = request.app.state.login_throttle
    client = request.client.host if request.client else "?"
    key = f"{client}|{email.strip().lower()}"
    context = {"next": _safe_next(next), "email": email}
    if throttle.blocked(key):
        error = "Too many failed attempts. Wait a while and try again."
        return render(request, "login.html", {**context, "error": error}, status_code=429)
    user = accounts.authenticate(session, email=email, password=password)
    if user is None:
        throttle.fail(key)
        error = "Wrong email or password."
        return render(request, "login.html", {**context, "error": error}, status_code=401)
    throttle.reset(key)
    lang = request.session.get("lang")
    request.session.clear()  # a fresh session (and CSRF token) at every login
    request.session.update({"uid": user.id, "sv": user.session_version})
    if lang:
        request.session["lang"] = lang
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/logout")
def logout(request: Request) -> Response:
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
