"""Initiative pages: the list, the initiative with its checklists, and the forms on it."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from app import repositories, services
from app.actors import queries as actor_queries
from app.actors.vocabulary import FACT_ITEMS, Fact
from app.clock import local_today
from app.domain import permissions
from app.domain.gates import next_phase
from app.domain.items import SETTLED_STANDINGS, ItemStatus, ItemUpdate
from app.domain.workflow import NEEDS_REASON, TransitionRefused, Trigger
from app.internationalisation import queries as assessment_queries
from app.models import Initiative, User
from app.phases import PHASE_ORDER, Category, Phase
from app.web.deps import PageUser, SessionDep
from app.web.security import flash
from app.web.templating import is_partial_request, render
from app.web.version_context import version_context

router = APIRouter(include_in_schema=False)


def item_anchor(key: str) -> str:
    return "item-" + key.replace(".", "-")


@router.get("/")
def home() -> Response:
    return RedirectResponse("/initiatives", status_code=303)


@router.get("/initiatives", response_class=HTMLResponse)
def list_page(request: Request, session: SessionDep, user: PageUser) -> HTMLResponse:
    rows = repositories.list_initiatives(session, user_id=user.id, role=user.role)
    return _list(request, user, rows, form={}, error=None)


def _list(
    request: Request,
    user: User,
    rows: list[repositories.InitiativeRow],
    *,
    form: dict[str, str],
    error: str | None,
    status_code: int = 200,
) -> HTMLResponse:
    context = {
        "rows": rows,
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
        initiative = services.create_initiative(
            session, actor=user, name=name, region=region, sector=sector
        )
    except services.InvalidInput as error:
        session.rollback()
        rows = repositories.list_initiatives(session, user_id=user.id, role=user.role)
        form = {"name": name, "region": region, "sector": sector}
        return _list(request, user, rows, form=form, error=error.field, status_code=422)
    flash(request, "initiative_created", "success")
    return RedirectResponse(f"/initiatives/{initiative.id}", status_code=303)


def _shown_phase(initiative: Initiative, asked: Phase | None = None) -> Phase:
    """The phase whose checklists a page shows: a closed initiative shows where it stopped."""
    shown = asked or initiative.phase
    if shown is Phase.CLOSED:
        return initiative.closed_from or Phase.STARTING_POINT
    return shown


def page_context(view: services.InitiativeView, shown: Phase) -> dict[str, Any]:
    spec = view.model.phase(shown)
    current = shown is view.initiative.phase
    progress: dict[Category, tuple[int, int]] = {}
    standings = view.phase_state.standings
    for checklist in spec.checklists if spec else ():
        settled = sum(1 for item in checklist.items if standings.get(item.key) in SETTLED_STANDINGS)
        progress[checklist.category] = (settled, len(checklist.items))
    return {
        "progress": progress,
        "next_phase": next_phase(view.initiative.phase),
        "view": view,
        "initiative": view.initiative,
        "shown": shown,
        "spec": spec,
        "read_only": not current or not view.editable,
        "editable": view.editable if current else frozenset(),
        "phase_order": PHASE_ORDER,
        "anchor": item_anchor,
        "needs_reason": NEEDS_REASON,
        "today": services.today(),
        **version_context(view, shown),
        # Filled in by the handlers that need them.
        "evidence_error": None,
        "evidence_entered": None,
        "entered": None,
        "error": None,
        "refusal": None,
        "reason": "",
        "oob": False,
        "section": "checklists",
        "fact_items": FACT_ITEMS,
        "actor_facts": None,
        "latest_assessment": None,
        "assessment_checked": False,
    }


def _actor_facts(session: Session, context: dict[str, Any]) -> dict[str, Any]:
    """Add what the actor register (and the latest internationalisation assessment) says,
    when the shown phase has items they inform: a query each."""
    shown: Phase = context["shown"]
    initiative_id = context["initiative"].id
    wanted = {
        f for key, facts in FACT_ITEMS.items() if key.startswith(f"{shown.value}.") for f in facts
    }
    if wanted - {Fact.INTERNATIONALISATION}:
        context["actor_facts"] = actor_queries.facts(session, initiative_id, on=local_today())
    if Fact.INTERNATIONALISATION in wanted:
        context["latest_assessment"] = assessment_queries.latest(session, initiative_id)
        context["assessment_checked"] = True
    return context


@router.get("/initiatives/{initiative_id}", response_class=HTMLResponse)
def detail_page(
    request: Request,
    initiative_id: int,
    session: SessionDep,
    user: PageUser,
    phase: Phase | None = None,
) -> HTMLResponse:
    view = services.initiative_view(session, user=user, initiative_id=initiative_id)
    context = _actor_facts(session, page_context(view, _shown_phase(view.initiative, phase)))
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
    error: services.InvalidInput | services.Conflict | services.Forbidden | None = None
    code = 200
    try:
        update = ItemUpdate(ItemStatus(status), note, link, justification)
    except ValueError:
        services.visible_initiative(session, user, initiative_id)  # 404 before anything else
        error, code = services.InvalidInput("status", "Unknown status."), 422
    else:
        try:
            services.update_item(
                session, actor=user, initiative_id=initiative_id, key=key, update=update
            )
        except services.InvalidInput as failure:
            error, code = failure, 422
        except services.Forbidden as failure:
            error, code = failure, 403
        except services.Conflict as failure:
            error, code = failure, 409
        if error is not None:
            session.rollback()
    if not is_partial_request(request):
        flash(request, "item_saved" if error is None else "item_not_saved", "info")
        return RedirectResponse(f"/initiatives/{initiative_id}#{item_anchor(key)}", status_code=303)
    view = services.initiative_view(session, user=user, initiative_id=initiative_id)
    item = view.model.item(key)
    context = {
        **_actor_facts(session, page_context(view, view.initiative.phase)),
        "item": item,
        "error": error,
        "entered": entered if error is not None else None,
    }
    return render(request, "initiatives/_item_saved.html", context, status_code=code)


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
    refusal: dict[str, Any] | None = None
    try:
        chosen = Trigger(trigger)
        expected = Phase(expected_phase) if expected_phase else None
        services.run_transition(
            session,
            actor=user,
            initiative_id=initiative_id,
            trigger=chosen,
            reason=reason,
            expected_phase=expected,
        )
    except ValueError:
        refusal = {"trigger": trigger, "detail": "Unknown trigger.", "missing": ()}
    except TransitionRefused as refused:
        r = refused.refusal
        refusal = {"trigger": r.trigger.value, "detail": r.detail, "missing": r.missing}
    except services.Conflict as conflict:
        refusal = {"trigger": trigger, "detail": str(conflict), "missing": (), "stale": True}
    if refusal is None:
        flash(request, f"moved:{trigger}", "success")
        return RedirectResponse(f"/initiatives/{initiative_id}", status_code=303)
    session.rollback()
    view = services.initiative_view(session, user=user, initiative_id=initiative_id)
    context = {
        **_actor_facts(session, page_context(view, _shown_phase(view.initiative))),
        "refusal": refusal,
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
    try:
        services.add_member(session, actor=user, initiative_id=initiative_id, email=email)
        flash(request, "member_added", "success")
    except services.InvalidInput:
        session.rollback()
        flash(request, "member_unknown", "error")
    return RedirectResponse(f"/initiatives/{initiative_id}#members", status_code=303)


@router.post("/initiatives/{initiative_id}/members/{user_id}/remove", response_class=HTMLResponse)
def remove_member(
    request: Request, initiative_id: int, user_id: int, session: SessionDep, user: PageUser
) -> Response:
    services.remove_member(session, actor=user, initiative_id=initiative_id, user_id=user_id)
    flash(request, "member_removed", "success")
    return RedirectResponse(f"/initiatives/{initiative_id}#members", status_code=303)
