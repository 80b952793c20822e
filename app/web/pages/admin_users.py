"""The admin's page of people: list, invite by a one-time link, change a role,
deactivate and reactivate (the use-cases of app/accounts)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from app import errors
from app.accounts import invitations
from app.accounts import queries as account_queries
from app.accounts import services as accounts
from app.accounts.mail import send_link
from app.domain.permissions import Role
from app.models.accounts import User
from app.web.deps import PageUser, SessionDep
from app.web.templating import render

router = APIRouter(include_in_schema=False)

DONE = ("invited", "role", "deactivated", "reactivated", "withdrawn")


def require_admin(user: User) -> None:
    if user.role is not Role.ADMIN:
        raise errors.Forbidden("Only admins manage people.", code="admins_only")


def _page(
    request: Request,
    session: Session,
    *,
    new_link: str | None = None,
    mailed: bool = False,
    error: errors.Refused | None = None,
    entered: dict[str, str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    context = {
        "people": account_queries.all_users(session),
        "pending": invitations.pending_invitations(session),
        "roles": list(Role),
        "new_link": new_link,
        "mailed": mailed,
        "error": error,
        "entered": entered or {},
        "done": done if (done := request.query_params.get("done")) in DONE else None,
    }
    response = render(request, "admin/users.html", context, status_code=status_code)
    response.headers["Cache-Control"] = "no-store"
    return response


@router.get("/admin/users", response_class=HTMLResponse)
def users_page(request: Request, session: SessionDep, user: PageUser) -> HTMLResponse:
    require_admin(user)
    return _page(request, session)


def _role(value: str) -> Role:
    try:
        return Role(value)
    except ValueError:
        raise errors.InvalidInput("role", "Choose a role.", code="invalid_value") from None


@router.post("/admin/users/invite")
def invite_form(
    request: Request,
    session: SessionDep,
    user: PageUser,
    email: Annotated[str, Form()] = "",
    name: Annotated[str, Form()] = "",
    role: Annotated[str, Form()] = "",
) -> Response:
    require_admin(user)
    entered = {"email": email, "name": name, "role": role}
    try:
        token = invitations.invite(session, actor=user, email=email, name=name, role=_role(role))
    except (errors.InvalidInput, errors.Conflict) as problem:
        return _page(request, session, error=problem, entered=entered, status_code=422)
    url = str(request.url_for("invitation_page", token=token))
    mailed = send_link(
        request.app.state.settings, purpose="invite", to=email.strip().lower(),
        name=name.strip(), url=url, locale=user.locale or "sv",
    )  # fmt: skip
    # Shown once, on this response only: only the token's digest is stored.
    return _page(request, session, new_link=url, mailed=mailed)


def _back(done: str) -> RedirectResponse:
    return RedirectResponse(f"/admin/users?done={done}", status_code=303)


@router.post("/admin/users/invitations/{invitation_id}/withdraw")
def withdraw_form(
    request: Request, invitation_id: int, session: SessionDep, user: PageUser
) -> Response:
    require_admin(user)
    invitations.withdraw_invitation(session, actor=user, invitation_id=invitation_id)
    return _back("withdrawn")


def _person(session: Session, user_id: int) -> User:
    person = account_queries.get_user(session, user_id)
    if person is None:
        raise errors.NotFound(f"No user {user_id}.")
    return person


@router.post("/admin/users/{user_id}/role")
def role_form(
    request: Request,
    user_id: int,
    session: SessionDep,
    user: PageUser,
    role: Annotated[str, Form()] = "",
) -> Response:
    require_admin(user)
    person = _person(session, user_id)
    accounts.set_role(session, email=person.email, role=_role(role), actor=user)
    return _back("role")


@router.post("/admin/users/{user_id}/active")
def active_form(
    request: Request,
    user_id: int,
    session: SessionDep,
    user: PageUser,
    active: Annotated[str, Form()] = "",
) -> Response:
    require_admin(user)
    person = _person(session, user_id)
    if person.id == user.id:
        raise errors.Conflict("You cannot deactivate yourself.", code="not_yourself")
    accounts.set_active(session, email=person.email, active=active == "1", actor=user)
    return _back("reactivated" if active == "1" else "deactivated")
