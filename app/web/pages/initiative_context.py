"""What the initiative page and the forms on it share: the context of the checklists, the
facts the actor register adds to them, and the answer to a form on one item."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from app import clock
from app.actors import queries as actor_queries
from app.actors.vocabulary import FACT_ITEMS, Fact
from app.domain.gates import next_phase
from app.domain.items import SETTLED_STANDINGS
from app.domain.workflow import NEEDS_REASON
from app.initiatives import queries as initiative_queries
from app.internationalisation import queries as assessment_queries
from app.labels import Flash
from app.models.accounts import User
from app.models.initiatives import Initiative
from app.phases import PHASE_ORDER, Category, Phase
from app.web.pages.version_context import version_context
from app.web.security import flash
from app.web.templating import is_partial_request, render


def item_anchor(key: str) -> str:
    return "item-" + key.replace(".", "-")


def shown_phase(initiative: Initiative, asked: Phase | None = None) -> Phase:
    """The phase whose checklists a page shows: a closed initiative shows where it stopped."""
    shown = asked or initiative.phase
    if shown is Phase.CLOSED:
        return initiative.closed_from or Phase.STARTING_POINT
    return shown


def page_context(view: initiative_queries.InitiativeView, shown: Phase) -> dict[str, Any]:
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
        "today": clock.today(),
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


def with_actor_facts(session: Session, context: dict[str, Any]) -> dict[str, Any]:
    """Add what the actor register (and the latest internationalisation assessment) says,
    when the shown phase has items they inform: a query each."""
    shown: Phase = context["shown"]
    initiative_id = context["initiative"].id
    wanted = {
        f for key, facts in FACT_ITEMS.items() if key.startswith(f"{shown.value}.") for f in facts
    }
    if wanted - {Fact.INTERNATIONALISATION}:
        context["actor_facts"] = actor_queries.facts(session, initiative_id, on=clock.local_today())
    if Fact.INTERNATIONALISATION in wanted:
        context["latest_assessment"] = assessment_queries.latest(session, initiative_id)
        context["assessment_checked"] = True
    return context


def item_answer(
    request: Request,
    session: Session,
    user: User,
    initiative_id: int,
    key: str,
    *,
    flashes: tuple[Flash, Flash],
    failed: bool,
    shown: dict[str, Any],
    with_facts: bool = False,
    status_code: int = 200,
) -> Response:
    """The answer to a form on one item: after a full-page post, back to the item with a
    flash (`flashes` = saved, not saved); for HTMX, the item again with what `shown` adds
    (the error, what was entered), and its progress and the gate out of band."""
    if not is_partial_request(request):
        flash(request, flashes[1] if failed else flashes[0], "info")
        return RedirectResponse(f"/initiatives/{initiative_id}#{item_anchor(key)}", status_code=303)
    view = initiative_queries.initiative_view(session, user=user, initiative_id=initiative_id)
    context = page_context(view, view.initiative.phase)
    if with_facts:
        context = with_actor_facts(session, context)
    context = {**context, "item": view.model.item(key), **shown}
    return render(request, "initiatives/_item_saved.html", context, status_code=status_code)
