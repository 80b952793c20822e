"""One item of the initiative page: open it (its form, or its record read-only) and save it.

The page shows each item as one line; opening one fetches what is below."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from app import clock, errors
from app.domain.items import ItemStatus, ItemUpdate
from app.evidence import services as evidence_services
from app.flashes import Flash
from app.initiatives import queries as initiative_queries
from app.initiatives.answer_reads import AnswerReads, shows_gate
from app.initiatives.item_view import item_answer_view
from app.initiatives.items import SavedItem
from app.models.accounts import User
from app.models.initiatives import Initiative, ItemState
from app.phases import get_model
from app.support import rules as support_rules
from app.support import services as support
from app.web.deps import PageUser, SessionDep, store_of
from app.web.forms import upload_limit
from app.web.pages.initiative_context import (
    ATTENTION,
    actor_facts,
    item_detail,
    item_url,
    page_context,
)
from app.web.pages.item_form import ItemForm, item_editor, item_form
from app.web.pages.support_context import item_activity
from app.web.problems import Refusal
from app.web.security import flash
from app.web.templating import is_partial_request, render

router = APIRouter(include_in_schema=False)

FLASHES = (Flash.ITEM_SAVED, Flash.ITEM_NOT_SAVED)


@router.get("/initiatives/{initiative_id}/items/{key}", response_class=HTMLResponse)
def open_item(
    request: Request, initiative_id: int, key: str, session: SessionDep, user: PageUser
) -> Response:
    return item_detail(request, session, user, initiative_id, key)


@router.post("/initiatives/{initiative_id}/items/{key}", response_class=HTMLResponse)
def save_item(
    request: Request,
    initiative_id: int,
    key: str,
    session: SessionDep,
    form: Annotated[ItemForm, Depends(item_form)],
) -> Response:
    """Save the item as its form stands: first the piece of evidence the form adds, then
    the status, so that a tick and the proof typed just before it land together and in
    that order. A form that changes nothing writes nothing (the page may send the same
    state twice: once on leaving a field, once for the button pressed right after)."""
    editor = form.editor or item_editor(request, initiative_id, key, session)
    user, initiative = editor.user, editor.initiative
    item = get_model(initiative.model_version).item(key)
    assert item is not None  # item_editor said so (404 otherwise)
    refused = Refusal(errors.InvalidInput, errors.Forbidden, errors.Conflict)
    added, in_draft, saved = False, False, None
    # What the actor register says of the item, if it informs it, for the answer: a save
    # does not change that, so it is read now, in the check's transaction, not after it.
    partial = is_partial_request(request)
    facts = actor_facts(session, initiative.id, initiative.phase, (key,)) if partial else {}
    try:
        status = ItemStatus(form.status)
    except ValueError:
        refused.error = errors.InvalidInput("status", "Unknown status.", code="unknown_status")
        status = None
    if form.refusal is not None:
        refused.error, in_draft = form.refusal, True
    elif status is not None:
        with refused:
            if form.commits_draft:
                in_draft = True
                evidence_services.add_evidence(
                    session, actor=user, initiative_id=initiative.id, key=key,
                    new=form.draft(), store=store_of(request), max_bytes=upload_limit(request),
                )  # fmt: skip
                added, in_draft = True, False
            saved = support.save_item(
                session, user=user, initiative_id=initiative.id, key=key,
                update=ItemUpdate(status, form.note, form.link, form.justification),
                activity=form.activity, keep_unsent=True,
                unless_unchanged=not (item.heading or form.confirm), with_answer_reads=True,
            )  # fmt: skip
    if refused.error is not None and refused.error.code == "heading_not_tickable":
        raise refused.error  # a heading has no form to show it in: the 422 error page
    shown = {
        "error": None if in_draft else refused.error,
        "evidence_error": refused.error if in_draft else None,
        "entered": form.entered() if refused else None,
        "evidence_entered": None if added else form.draft_entered(),
        "draft_added": added,
        **item_activity(form.activity, saved),
    }
    status_code = form.status_code if form.refusal else refused.status_code
    if not partial:
        flash(request, FLASHES[1] if refused else FLASHES[0], "info")
        return RedirectResponse(item_url(initiative.id, key), status_code=303)
    shown = {**facts, **shown}
    # A plain save: stored as sent, with nothing added, recorded or refused, so the form on
    # the page already says all the answer's would but who changed the item when (to a
    # script that says it takes such an answer: one cached from before gets the item).
    plain = (
        request.headers.get("X-Item-Answer") == "slim"
        and saved is not None and not refused and not added and not saved.item.confirmed
        and not support_rules.started(form.activity)  # neither recorded nor kept to show
        and (saved.state.justification or "") == form.justification
    )  # fmt: skip
    if saved is None:  # not saved (refused: rolled back), so read as it is
        state = initiative_queries.get_item_state(session, initiative_id=initiative.id, key=key)
        return _answer(request, session, user, initiative, key, state, shown, status_code)
    return _answer(
        request, session, user, initiative, key, saved.state, shown, status_code, saved.item,
        saved.item.reads, plain,
    )  # fmt: skip


def _answer(
    request: Request,
    session: Session,
    user: User,
    initiative: Initiative,
    key: str,
    state: ItemState | None,
    shown: dict[str, Any],
    status_code: int,
    saved: SavedItem | None = None,
    reads: AnswerReads | None = None,
    plain: bool = False,
) -> Response:
    """The item again, open, with what `shown` adds (the error, what was entered, what the
    actor register says of it); its checklist's progress and the gate out of band: only
    what a save changes, from the stored readiness (app.initiatives.item_view). The gate
    only for a save that can change it (app.initiatives.answer_reads.shows_gate: a third
    of the answer's rendering), or a refused one: the refusal may be a move. After a
    `plain` save, the item only as far as it changed (`slim`, _item_slim.html: the line,
    who changed it when and its status; most of the answer's rendering was its form),
    unless it shows a notice (to confirm it, or to renew its evidence)."""
    answer = item_answer_view(
        session, user=user, initiative=initiative, key=key, state=state, on=clock.today(),
        saved=saved, reads=reads,
    )  # fmt: skip
    context = page_context(answer.view, initiative.phase, opened=(key,))
    context["progress"] = answer.progress
    item = answer.view.model.item(key)
    with_gate = saved is None or item is None or shows_gate(item)
    slim = plain and answer.view.phase_state.standings.get(key) not in ATTENTION
    context = {**context, "item": item, "with_gate": with_gate, "slim": slim, **shown}
    return render(
        request, "initiatives/_item_answer.html", context, block="answer", status_code=status_code
    )
