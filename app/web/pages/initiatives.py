"""Initiative pages: the list, the initiative with its checklists, and the forms on it."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app import errors
from app.access import services as access
from app.domain import permissions
from app.domain.items import ItemStatus, ItemUpdate
from app.domain.workflow import TransitionRefused, Trigger
from app.initiatives import listing as initiative_listing
from app.initiatives import queries as initiative_queries
from app.initiatives import services as initiatives
from app.labels import Flash
from app.models.accounts import User
from app.phases import PHASE_ORDER, Phase
from app.web.deps import PageInitiative, PageUser, SessionDep
from app.web.pages.initiative_context import (
    item_answer,
    page_context,
    shown_phase,
    with_actor_facts,
)
from app.web.problems import Refusal
from app.web.security import flash
from app.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/")
def home() -> Response:
    return RedirectResponse("/initiatives", status_code=303)


@router.get("/initiatives", response_class=HTMLResponse)
def list_page(request: Request, session: SessionDep, user: PageUser) -> HTMLResponse:
    return _list(request, session, user, form={})


def _list(
    request: Request,
    session: SessionDep,
    user: User,
    *,
    form: dict[str, str],
    error: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    context = {
        "rows": initiative_listing.list_initiatives(session, user_id=user.id, role=user.role),
        "phase_order": PHASE_ORDER,
        "may_create": permissions.can_create_initiative(user.role),
        "form": form,
        "error": error,
    }
    return render(request, "initiatives/list.html", context, status_code=status_code)


@router.post("/initiatives", response_class=HTMLResponse)
def create(
    request: Request,
    session: SessionDep,
    user: PageUser,
    name: Annotated[str, Form()] = "",
    region: Annotated[str, Form()] = "",
    sector: Annotated[str, Form()] = "",
) -> Response:
    try:
        initiative = initiatives.create_initiative(
            session, actor=user, name=name, region=region, sector=sector
        )
    except errors.InvalidInput as error:
        form = {"name": name, "region": region, "sector": sector}
        return _list(request, session, user, form=form, error=error.field, status_code=422)
    flash(request, Flash.INITIATIVE_CREATED, "success")
    return RedirectResponse(f"/initiatives/{initiative.id}", status_code=303)


@router.get("/initiatives/{initiative_id}", response_class=HTMLResponse)
def detail_page(
    request: Request,
    initiative: PageInitiative,
    session: SessionDep,
    user: PageUser,
    phase: Phase | None = None,
) -> HTMLResponse:
    view = initiative_queries.view_of(session, user=user, initiative=initiative)
    context = with_actor_facts(session, page_context(view, shown_phase(initiative, phase)))
    return render(request, "initiatives/detail.html", context)


@router.post("/initiatives/{initiative_id}/items/{key}", response_class=HTMLResponse)
def save_item(
    request: Request,
    initiative_id: int,
    key: str,
    session: SessionDep,
    user: PageUser,
    status: Annotated[str, Form()] = "open",
    note: Annotated[str, Form()] = "",
    link: Annotated[str, Form()] = "",
    justification: Annotated[str, Form()] = "",
) -> Response:
    entered = {"status": status, "note": note, "link": link, "justification": justification}
    refused = Refusal(errors.InvalidInput, errors.Forbidden, errors.Conflict)
    try:
        update = ItemUpdate(ItemStatus(status), note, link, justification)
    except ValueError:
        initiative_queries.visible_initiative(session, user, initiative_id)  # 404 first
        refused.error = errors.InvalidInput("status", "Unknown status.", code="unknown_status")
    else:
        with refused:
            initiatives.update_item(
                session, actor=user, initiative_id=initiative_id, key=key, update=update
            )
    return item_answer(
        request, session, user, initiative_id, key,
        flashes=(Flash.ITEM_SAVED, Flash.ITEM_NOT_SAVED), failed=bool(refused), with_facts=True,
        shown={"error": refused.error, "entered": entered if refused else None},
        status_code=refused.status_code,
    )  # fmt: skip


def _refusal(trigger: str, error: Exception) -> dict[str, Any]:
    """What the gate panel says about a move that did not happen."""
    if isinstance(error, TransitionRefused):
        r = error.refusal
        return {
            "trigger": r.trigger.value,
            "detail": r.detail,
            "missing": r.missing,
            "code": r.code,
            "params": r.params,
        }
    if isinstance(error, errors.Conflict):
        return {
            "trigger": trigger,
            "detail": str(error),
            "missing": (),
            "code": error.code,
            "params": error.params,
            "stale": True,
        }
    return {
        "trigger": trigger,
        "detail": "Unknown trigger.",
        "missing": (),
        "code": "unknown_trigger",
        "params": {},
    }


@router.post("/initiatives/{initiative_id}/transitions", response_class=HTMLResponse)
def transition(
    request: Request,
    initiative_id: int,
    session: SessionDep,
    user: PageUser,
    trigger: Annotated[str, Form()],
    reason: Annotated[str, Form()] = "",
    expected_phase: Annotated[str, Form()] = "",
) -> Response:
    # ValueError: a trigger or phase the form cannot have sent.
    with Refusal(ValueError, TransitionRefused, errors.Conflict) as refused:
        initiatives.run_transition(
            session,
            actor=user,
            initiative_id=initiative_id,
            trigger=Trigger(trigger),
            reason=reason,
            expected_phase=Phase(expected_phase) if expected_phase else None,
        )
    if refused.error is None:
        flash(request, Flash.moved(Trigger(trigger)), "success")
        return RedirectResponse(f"/initiatives/{initiative_id}", status_code=303)
    view = initiative_queries.initiative_view(session, user=user, initiative_id=initiative_id)
    context = {
        **with_actor_facts(session, page_context(view, shown_phase(view.initiative))),
        "refusal": _refusal(trigger, refused.error),
        "reason": reason,
    }
    return render(request, "initiatives/detail.html", context, status_code=409)


@router.post("/initiatives/{initiative_id}/members", response_class=HTMLResponse)
def add_member(
    request: Request,
    initiative_id: int,
    session: SessionDep,
    user: PageUser,
    email: Annotated[str, Form()] = "",
) -> Response:
    with Refusal(errors.InvalidInput) as refused:
        access.add_member(session, actor=user, initiative_id=initiative_id, email=email)
    if refused:
        flash(request, Flash.MEMBER_UNKNOWN, "error")
    else:
        flash(request, Flash.MEMBER_ADDED, "success")
    return RedirectResponse(f"/initiatives/{initiative_id}#members", status_code=303)


@router.post("/initiatives/{initiative_id}/members/{user_id}/remove", response_class=HTMLResponse)
def remove_member(
    request: Request, initiative_id: int, user_id: int, session: SessionDep, user: PageUser
) -> Response:
    access.remove_member(session, actor=user, initiative_id=initiative_id, user_id=user_id)
    flash(request, Flash.MEMBER_REMOVED, "success")
    return RedirectResponse(f"/initiatives/{initiative_id}#members", status_code=303)
