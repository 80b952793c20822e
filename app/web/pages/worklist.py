"""The work list: what waits for the reader across the initiatives they may see."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app import clock
from app.domain.permissions import Role
from app.web.deps import PageUser, SessionDep
from app.web.templating import render
from app.worklists import queries
from app.worklists.rules import Horizon

router = APIRouter(include_in_schema=False)


@router.get("/work", response_class=HTMLResponse)
def work_list(request: Request, session: SessionDep, user: PageUser) -> HTMLResponse:
    horizon = Horizon(clock.today())
    context = {
        "work": queries.work_list(session, user, horizon),
        "horizon": horizon,
        "decides": user.role in (Role.SUPPORT, Role.ADMIN),
    }
    return render(request, "worklist/page.html", context)
