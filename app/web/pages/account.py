"""Everyone's own account: the password and API tokens."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from app import clock, errors
from app.accounts import own, rules
from app.accounts import queries as account_queries
from app.models.accounts import User
from app.web.deps import PageUser, SessionDep
from app.web.forms import whole_number
from app.web.templating import render

router = APIRouter(include_in_schema=False)

DONE = ("password", "revoked")


def _page(
    request: Request,
    session: Session,
    user: User,
    *,
    new_token: str | None = None,
    error: errors.Refused | None = None,
    form: str = "",
    status_code: int = 200,
) -> HTMLResponse:
    now = clock.utc_now()
    context = {
        "tokens": [
            (t, rules.token_status(revoked_at=t.revoked_at, expires_at=t.expires_at, now=now))
            for t in account_queries.tokens_of(session, user)
        ],
        "new_token": new_token,
        "error": error,
        "form": form,
        "days_default": rules.TOKEN_DAYS_DEFAULT,
        "days_max": rules.TOKEN_DAYS_MAX,
        "done": done if (done := request.query_params.get("done")) in DONE else None,
    }
    response = render(request, "account/page.html", context, status_code=status_code)
    response.headers["Cache-Control"] = "no-store"
    return response


@router.get("/account", response_class=HTMLResponse)
def account_page(request: Request, session: SessionDep, user: PageUser) -> HTMLResponse:
    return _page(request, session, user)


@router.post("/account/password")
def password_form(
    request: Request,
    session: SessionDep,
    user: PageUser,
    current: Annotated[str, Form()] = "",
    new: Annotated[str, Form()] = "",
) -> Response:
    try:
        version = own.change_password(session, user=user, current=current, new=new)
    except errors.InvalidInput as problem:
        return _page(request, session, user, error=problem, form="password", status_code=422)
    # Every other session ends; this one carries on with the new version.
    request.session["sv"] = version
    return RedirectResponse("/account?done=password", status_code=303)


@router.post("/account/tokens")
def create_token_form(
    request: Request,
    session: SessionDep,
    user: PageUser,
    label: Annotated[str, Form()] = "",
    days: Annotated[str, Form()] = "",
) -> Response:
    try:
        number = whole_number(days) if days else rules.TOKEN_DAYS_DEFAULT
        token = own.create_own_token(session, user=user, label=label, days=number)
    except errors.InvalidInput as problem:
        return _page(request, session, user, error=problem, form="token", status_code=422)
    # Shown once, on this response only: only the token's digest is stored.
    return _page(request, session, user, new_token=token)


@router.post("/account/tokens/{token_id}/revoke")
def revoke_token_form(
    request: Request, token_id: int, session: SessionDep, user: PageUser
) -> Response:
    own.revoke_own_token(session, user=user, token_id=token_id)
    return RedirectResponse("/account?done=revoked", status_code=303)
