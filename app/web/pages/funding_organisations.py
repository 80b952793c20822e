"""The list of funding organisations, kept by admins in the browser."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from app import errors
from app.flashes import Flash
from app.grants import queries, rules, services
from app.models.accounts import User
from app.web.deps import PageUser, SessionDep
from app.web.problems import Refusal
from app.web.security import flash
from app.web.templating import render

router = APIRouter(include_in_schema=False)


def _page(
    request: Request, session: Session, user: User, *,
    error: errors.Refused | None = None, name: str = "", status_code: int = 200,
) -> HTMLResponse:  # fmt: skip
    context = {
        "organisations": queries.organisations(session),
        "may_add": rules.may_add_funding_organisation(user.role),
        "error": error,
        "name": name,
    }
    return render(request, "grants/organisations.html", context, status_code=status_code)


@router.get("/funding-organisations", response_class=HTMLResponse)
def organisations_page(request: Request, session: SessionDep, user: PageUser) -> HTMLResponse:
    return _page(request, session, user)


@router.post("/funding-organisations", response_class=HTMLResponse)
def add_organisation(
    request: Request, session: SessionDep, user: PageUser, name: Annotated[str, Form()] = ""
) -> Response:
    with Refusal(errors.InvalidInput, errors.Conflict) as refused:
        services.add_funding_organisation(session, actor=user, raw={"name": name})
    if refused.error is not None:
        return _page(
            request, session, user, error=refused.error, name=name,
            status_code=refused.status_code,
        )  # fmt: skip
    flash(request, Flash.FUNDING_ORGANISATION_ADDED, "success")
    return RedirectResponse("/funding-organisations", status_code=303)
