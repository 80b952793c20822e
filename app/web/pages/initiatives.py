"""Initiative pages: the list, the initiative with its checklists and gate, its moves and its
leadership group (an item's own form: app/web/pages/items.py)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app import errors
from app.access import services as access
from app.domain import permissions
from app.domain.workflow import TransitionRefused, Trigger
from app.flashes import Flash
from app.initiatives import listing as initiative_listing
from app.initiatives import queries as initiative_queries
from app.initiatives import services as initiatives
from app.initiatives.next_steps import next_steps
from app.models.accounts import User
from app.phases import PHASE_ORDER, Phase, get_model
from app.regions import queries as region_queries
from app.reviews import queries as review_queries
from app.web.deps import PageInitiative, PageUser, PageViewer, SessionDep
from app.web.pages.initiative_context import page_context, shown_phase, with_actor_facts
from app.web.pages.version_context import model_of
from app.web.problems import Refusal
from app.web.security import flash
from app.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/")
def home() -> Response:
    return RedirectResponse("/initiatives", status_code=303)


PER_PAGE = 100


@router.get("/initiatives", response_class=HTMLResponse)
def list_page(
    request: Request,
    session: SessionDep,
    user: PageUser,
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
) -> HTMLResponse:
    return _list(request, session, user, form={}, page=page)


def _list(
    request: Request,
    session: SessionDep,
    user: User,
    *,
    form: dict[str, str],
    page: int = 1,
    error: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    may_create = permissions.can_create_initiative(user.role)
    listed = initiative_listing.initiatives_page(
        session, user_id=user.id, role=user.role, page=page, per_page=PER_PAGE
    )
    context = {
        "rows": listed.items,
        "total": listed.total,
        "page": listed.page,
        "pages": listed.pages,
        "phase_order": PHASE_ORDER,
        "may_create": may_create,
        # The create form's choices (none: the form takes any name, as before the list).
        "regions": region_queries.names(session) if may_create else [],
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


def _full_page(
    session: SessionDep,
    user: User,
    view: initiative_queries.InitiativeView,
    *,
    phase: Phase | None = None,
    opened: list[str] | None = None,
    only_required: bool = False,
    only_open: bool = False,
) -> dict[str, Any]:
    """The initiative page's context: its checklists (each item one line; `opened` ones
    open, with what the actor register says beside them) and the gate. Financing and
    support have a tab of their own (app/web/pages/financing.py)."""
    initiative = view.initiative
    context = page_context(
        view,
        shown_phase(initiative, phase),
        opened=opened or (),
        only_required=only_required,
        only_open=only_open,
    )
    if opened:
        context = with_actor_facts(session, context, opened)
        context["opened_first"] = opened[0]
    if context["shown"] is initiative.phase:  # where the work is; other phases are read-only
        context["next_steps"] = next_steps(view, user, context["today"])
    return context


@router.get("/initiatives/{initiative_id}", response_class=HTMLResponse)
def detail_page(
    request: Request,
    viewer: PageViewer,
    session: SessionDep,
    phase: Phase | None = None,
    opened: Annotated[list[str] | None, Query(alias="open")] = None,
    only_required: bool = False,
    only_open: bool = False,
) -> HTMLResponse:
    user, initiative = viewer.user, viewer.initiative
    shown = shown_phase(initiative, phase)
    view = initiative_queries.view_of(session, user=user, initiative=initiative, page_of=shown)
    context = _full_page(
        session, user, view, phase=phase, opened=opened,
        only_required=only_required, only_open=only_open,
    )  # fmt: skip
    return render(request, "initiatives/detail.html", context)


@router.get(
    "/initiatives/{initiative_id}/transitions/{transition_id}/gate", response_class=HTMLResponse
)
def transition_gate(
    request: Request, initiative: PageInitiative, transition_id: int, session: SessionDep
) -> HTMLResponse:
    """The items of one transition's frozen gate (the history lists them only when asked)."""
    found = initiative_queries.transitions(session, initiative.id)
    transition = next((t for t in found if t.id == transition_id), None)
    if transition is None:
        raise errors.NotFound(f"No transition {transition_id}.")
    context = {
        "initiative": initiative,
        "transition": transition,
        "model": get_model(initiative.model_version),
        "model_of": model_of,
    }
    return render(request, "initiatives/transition_gate.html", context, block="snapshot")


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
    if trigger == Trigger.ADVANCE:
        # The group asked for a review: advancing means deciding it, not passing it by.
        initiative_queries.visible_initiative(session, user, initiative_id)  # 404 first
        pending = review_queries.open_review(session, initiative_id)
        if pending is not None and permissions.can_decide_review(user.role):
            flash(request, Flash.REVIEW_OPEN, "info")
            return RedirectResponse(f"/gate-reviews/{pending.id}#decide-title", status_code=303)
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
        **_full_page(session, user, view),
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
