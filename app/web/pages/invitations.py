"""The pages a one-time link opens: accepting an invitation and resetting a forgotten
password, and the "forgot password" form that sends the second."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app import errors
from app.accounts import invitations
from app.accounts.mail import send_link
from app.models.accounts import User
from app.models.admin import LinkPurpose
from app.web.deps import SessionDep, request_locale
from app.web.templating import render
from app.web.throttle import client_address

router = APIRouter(include_in_schema=False)


def _link_page(
    request: Request,
    purpose: LinkPurpose,
    *,
    link: object = None,
    refusal: errors.Refused | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    context = {"purpose": purpose.value, "link": link, "refusal": refusal}
    response = render(request, "account/link.html", context, status_code=status_code)
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"  # the token is in the URL
    return response


def _status(refusal: errors.Refused) -> int:
    return 404 if isinstance(refusal, errors.NotFound) else 410


def _show(request: Request, session: SessionDep, token: str, purpose: LinkPurpose) -> Response:
    try:
        link = invitations.open_link(session, token, purpose)
    except (errors.NotFound, errors.Conflict) as refusal:
        return _link_page(request, purpose, refusal=refusal, status_code=_status(refusal))
    return _link_page(request, purpose, link=link)


def _logged_in(request: Request, user: User) -> RedirectResponse:
    lang = request.session.get("lang")
    request.session.clear()  # a fresh session (and CSRF token), as at every login
    request.session.update({"uid": user.id, "sv": user.session_version})
    if lang:
        request.session["lang"] = lang
    return RedirectResponse("/initiatives", status_code=303)


def _set(
    request: Request, session: SessionDep, token: str, password: str, purpose: LinkPurpose
) -> Response:
    try:
        if purpose is LinkPurpose.INVITE:
            user = invitations.accept_invitation(session, token=token, password=password)
        else:
            user = invitations.reset_password(session, token=token, password=password)
    except errors.InvalidInput as refusal:
        link = invitations.find_link(session, token, purpose)
        return _link_page(request, purpose, link=link, refusal=refusal, status_code=422)
    except (errors.NotFound, errors.Conflict) as refusal:
        return _link_page(request, purpose, refusal=refusal, status_code=_status(refusal))
    return _logged_in(request, user)


@router.get("/invitations/{token}", response_class=HTMLResponse, name="invitation_page")
def invitation_page(request: Request, session: SessionDep, token: str) -> Response:
    return _show(request, session, token, LinkPurpose.INVITE)


@router.post("/invitations/{token}")
def accept_form(
    request: Request, session: SessionDep, token: str, password: Annotated[str, Form()] = ""
) -> Response:
    return _set(request, session, token, password, LinkPurpose.INVITE)


@router.get("/password/reset/{token}", response_class=HTMLResponse, name="reset_page")
def reset_page(request: Request, session: SessionDep, token: str) -> Response:
    return _show(request, session, token, LinkPurpose.RESET)


@router.post("/password/reset/{token}")
def reset_form(
    request: Request, session: SessionDep, token: str, password: Annotated[str, Form()] = ""
) -> Response:
    return _set(request, session, token, password, LinkPurpose.RESET)


@router.get("/password/forgot", response_class=HTMLResponse)
def forgot_page(request: Request) -> HTMLResponse:
    return render(request, "account/forgot.html", {"sent": False})


@router.post("/password/forgot", response_class=HTMLResponse)
def forgot_form(
    request: Request, session: SessionDep, email: Annotated[str, Form()] = ""
) -> HTMLResponse:
    asked = invitations.request_reset(session, email=email, client=client_address(request))
    if asked.token is not None and asked.user is not None:
        url = str(request.url_for("reset_page", token=asked.token))
        send_link(
            request.app.state.settings, purpose="reset", to=asked.user.email,
            name=asked.user.name, url=url, locale=asked.user.locale or request_locale(request),
        )  # fmt: skip
    # The same answer whether or not the address has an account.
    return render(request, "account/forgot.html", {"sent": True})
