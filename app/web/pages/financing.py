"""The initiative's "Financing and support" tab: its grants and the support delivered to
it, each with its form (app/web/pages/grants.py and support.py answer the forms).

Its own page rather than sections under the checklists: the checklist page is the one
opened all day, and these two cost it a third of its time (their queries, the funders'
list and the form) for what is read now and then."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from app.models.accounts import User
from app.models.initiatives import Initiative
from app.web.deps import PageViewer, SessionDep
from app.web.pages.financing_context import financing_context
from app.web.pages.support_context import support_context
from app.web.templating import render

router = APIRouter(include_in_schema=False)


def page_path(initiative_id: int, section: str) -> str:
    """Where a form without JavaScript goes back to: the tab, at its section."""
    return f"/initiatives/{initiative_id}/financing#{section}"


def financing_page(
    request: Request,
    session: Session,
    user: User,
    initiative: Initiative,
    *,
    financing: dict[str, Any] | None = None,
    support: dict[str, Any] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    """The tab; `financing` and `support` are a refused form's context for its section."""
    context: dict[str, Any] = {"initiative": initiative, "section": "financing"}
    context.update(financing or financing_context(session, user, initiative))
    context.update(support or support_context(session, user, initiative.id))
    return render(request, "initiatives/financing.html", context, status_code=status_code)


@router.get("/initiatives/{initiative_id}/financing", response_class=HTMLResponse)
def page(request: Request, viewer: PageViewer, session: SessionDep) -> HTMLResponse:
    return financing_page(request, session, viewer.user, viewer.initiative)
