"""What the initiative page and the forms on it share: the context of the checklists, the
facts the actor register adds to them, and the answers to a form on one item and to the
opening of one item."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from fastapi import Request
from fastapi.responses import RedirectResponse, Response
from markupsafe import Markup
from sqlalchemy.orm import Session

from app import clock
from app.actors import queries as actor_queries
from app.actors.vocabulary import FACT_ITEMS, Fact
from app.domain.gates import next_phase, previous_phase
from app.domain.items import SETTLED_STANDINGS, Standing
from app.domain.workflow import NEEDS_REASON
from app.errors import NotFound
from app.flashes import Flash
from app.initiatives import queries as initiative_queries
from app.internationalisation import queries as assessment_queries
from app.models.accounts import User
from app.models.initiatives import Initiative
from app.phases import PHASE_ORDER, Category, Item, Phase, get_model
from app.rendering import macro_html
from app.web.pages.version_context import version_context
from app.web.security import flash
from app.web.templating import is_partial_request, render


@lru_cache(maxsize=4096)  # keys come from the phase models, a few hundred in all
def item_anchor(key: str) -> str:
    return "item-" + key.replace(".", "-")


def item_url(initiative_id: int, key: str) -> str:
    """The initiative page with one item open (what a link to an item means without JS)."""
    return f"/initiatives/{initiative_id}?open={key}#{item_anchor(key)}"


def shown_phase(initiative: Initiative, asked: Phase | None = None) -> Phase:
    """The phase whose checklists a page shows: a closed initiative shows where it stopped."""
    shown = asked or initiative.phase
    if shown is Phase.CLOSED:
        return initiative.closed_from or Phase.STARTING_POINT
    return shown


def evidence_counts(view: initiative_queries.InitiativeView) -> dict[str, int]:
    """Per item, the evidence it carries: pieces not withdrawn, and its own note and link."""
    counts = {
        key: sum(1 for piece in pieces if piece.withdrawn_at is None)
        for key, pieces in view.phase_state.evidence.items()
    }
    for key, state in view.states.items():
        own = bool(state.note) + bool(state.link)
        if own:
            counts[key] = counts.get(key, 0) + own
    return counts


# Standings that ask something of the user (a confirmation, evidence in force): marked on
# the item's line, and shown as a notice in its form.
ATTENTION = frozenset({Standing.NEEDS_RENEWAL, Standing.NEEDS_CONFIRMATION})


@dataclass(frozen=True, slots=True)
class Line:
    """What an item's one line shows, worked out here so that the template only writes it
    out (templates/initiatives/_item_line.html)."""

    classes: str
    anchor: str
    standing: str
    count: int
    href: str
    is_open: bool


def closed_lines(version: str) -> Callable[[Item, Line, bool, str], Markup]:
    """The closed line of an item of `version` (templates/initiatives/_item_line.html):
    rendered once for each item, line and locale and kept, since the same lines recur on
    every initiative's page, and a macro call cost more than the rest of a line. Not a
    function of the template's context: Jinja copies the whole context for each call of
    one inside a loop (33 copies a page)."""

    def closed_line(item: Item, line: Line, draft_added: bool, locale: str) -> Markup:
        return _closed_line(locale, version, item.key, line, draft_added)

    return closed_line


@lru_cache(maxsize=8192)  # items of a version × the lines they show: a few thousand
def _closed_line(locale: str, version: str, key: str, line: Line, draft_added: bool) -> Markup:
    item = get_model(version).item(key)
    template = "initiatives/_item_line.html"
    return macro_html(locale, template, "closed_item_line", item, line, draft_added)


def lines_of(
    view: initiative_queries.InitiativeView,
    shown: Phase,
    counts: dict[str, int],
    opened: frozenset[str],
) -> Callable[[Item], Line]:
    """The line of each item of the shown phase, as the page asks for it."""
    states = view.states
    standings = view.phase_state.standings
    settled = {s.value for s in SETTLED_STANDINGS}
    to_phase = "" if shown is view.initiative.phase else f"phase={shown.value}&"

    def line(item: Item) -> Line:
        key = item.key
        state = states.get(key)
        status = state.status.value if state else "open"
        standing = str(standings.get(key, status))
        classes = f"item item-{status}"
        if item.required:
            classes += " item-required"
        if standing in settled:
            classes += " item-settled"
        if standing in ATTENTION:
            classes += " item-attention"
        return Line(
            classes, item_anchor(key), standing, counts.get(key, 0), f"?{to_phase}open={key}",
            key in opened,
        )  # fmt: skip

    return line


def page_context(
    view: initiative_queries.InitiativeView,
    shown: Phase,
    *,
    opened: Iterable[str] = (),
    only_required: bool = False,
    only_open: bool = False,
) -> dict[str, Any]:
    """`opened`: the items rendered open (the page otherwise renders one line per item and
    fetches an item's form when it is opened)."""
    spec = view.model.phase(shown)
    current = shown is view.initiative.phase
    progress: dict[Category, tuple[int, int]] = {}
    standings = view.phase_state.standings
    for checklist in spec.checklists if spec else ():
        items = checklist.tickable  # headings are never ticked
        settled = sum(1 for item in items if standings.get(item.key) in SETTLED_STANDINGS)
        progress[checklist.category] = (settled, len(items))
    counts = evidence_counts(view)
    opened = frozenset(opened)
    return {
        "progress": progress,
        "next_phase": next_phase(view.initiative.phase),
        "previous_phase": previous_phase(view.initiative.phase),
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
        "settled": frozenset(s.value for s in SETTLED_STANDINGS),
        "evidence_counts": counts,
        "opened": opened,
        "line_of": lines_of(view, shown, counts, opened),
        "closed_line": closed_lines(view.model.version),
        "opened_first": None,  # the page focuses it, so that it is in view
        "filters": {"required": only_required, "open": only_open},
        **version_context(view, shown),
        # Filled in by the handlers that need them.
        "evidence_error": None,
        "evidence_entered": None,
        "entered": None,
        "error": None,
        "draft_added": False,
        "refusal": None,
        "next_steps": None,  # the initiative page's first panel (app/initiatives/next_steps.py)
        "reason": "",
        "oob": False,
        "section": "checklists",
        "fact_items": FACT_ITEMS,
        "actor_facts": None,
        "latest_assessment": None,
        "assessment_checked": False,
    }


def with_actor_facts(
    session: Session, context: dict[str, Any], keys: Iterable[str] | None = None
) -> dict[str, Any]:
    """Add what the actor register (and the latest internationalisation assessment) says,
    when the shown phase (or, given `keys`, one of those items) has items they inform: a
    query each."""
    context.update(actor_facts(session, context["initiative"].id, context["shown"], keys))
    return context


def actor_facts(
    session: Session, initiative_id: int, shown: Phase, keys: Iterable[str] | None = None
) -> dict[str, Any]:
    """`with_actor_facts`'s additions to a context, on their own."""
    chosen = None if keys is None else set(keys)
    wanted = {
        f
        for key, facts in FACT_ITEMS.items()
        if key.startswith(f"{shown.value}.") and (chosen is None or key in chosen)
        for f in facts
    }
    found: dict[str, Any] = {}
    if wanted - {Fact.INTERNATIONALISATION}:
        found["actor_facts"] = actor_queries.facts(session, initiative_id, on=clock.local_today())
    if Fact.INTERNATIONALISATION in wanted:
        found["latest_assessment"] = assessment_queries.latest(session, initiative_id)
        found["assessment_checked"] = True
    return found


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
    flash (`flashes` = saved, not saved); for HTMX, the item again, open, with what `shown`
    adds (the error, what was entered), and its progress and the gate out of band."""
    if not is_partial_request(request):
        flash(request, flashes[1] if failed else flashes[0], "info")
        return RedirectResponse(item_url(initiative_id, key), status_code=303)
    view = initiative_queries.initiative_view(session, user=user, initiative_id=initiative_id)
    context = page_context(view, view.initiative.phase, opened=(key,))
    if with_facts:
        context = with_actor_facts(session, context, (key,))
    context = {**context, "item": view.model.item(key), "with_gate": True, "slim": False, **shown}
    return render(request, "initiatives/_item_saved.html", context, status_code=status_code)


def item_detail(
    request: Request, session: Session, user: User, initiative_id: int, key: str
) -> Response:
    """What opening an item shows (its form, or its record read-only): the fragment for
    HTMX, else the initiative page with the item open."""
    view = initiative_queries.initiative_view(session, user=user, initiative_id=initiative_id)
    item = view.model.item(key)
    if item is None or item.heading:
        raise NotFound(f"No item {key!r} in {view.model.version}.")
    if not is_partial_request(request):
        return RedirectResponse(
            f"{item_url(initiative_id, key).split('?')[0]}?phase={item.phase.value}"
            f"&open={key}#{item_anchor(key)}",
            status_code=303,
        )
    context = with_actor_facts(session, page_context(view, item.phase, opened=(key,)), (key,))
    context = {**context, "item": item, "state": view.states.get(key)}
    return render(request, "initiatives/_item_body.html", context)
