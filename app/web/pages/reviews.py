"""Gate review pages: request a review, decide it, close conditions, compare snapshots."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app import clock, errors
from app.audit.snapshots import items_json
from app.domain import permissions
from app.domain.gates import next_phase, previous_phase
from app.domain.reviews import ReviewStatus
from app.domain.workflow import TransitionRefused
from app.flashes import Flash
from app.initiatives import queries as initiative_queries
from app.models.accounts import User
from app.models.reviews import GateReview
from app.phases import MODELS
from app.reviews import services as reviews
from app.web.deps import PageUser, SessionDep
from app.web.forms import FormFields, parse_date
from app.web.pages.initiative_context import item_anchor
from app.web.problems import Refusal
from app.web.security import flash
from app.web.templating import render

router = APIRouter(include_in_schema=False)
CONDITION_ROWS = 3


@router.post("/initiatives/{initiative_id}/gate-reviews")
def request_review(
    request: Request,
    initiative_id: int,
    session: SessionDep,
    user: PageUser,
    note: Annotated[str, Form()] = "",
) -> Response:
    with Refusal(TransitionRefused, errors.Conflict, errors.InvalidInput) as refused:
        review = reviews.request_review(session, actor=user, initiative_id=initiative_id, note=note)
    if refused:
        flash(request, Flash.REVIEW_NOT_REQUESTED, "error")
        return RedirectResponse(f"/initiatives/{initiative_id}#gate-panel", status_code=303)
    flash(request, Flash.REVIEW_REQUESTED, "success")
    return RedirectResponse(f"/gate-reviews/{review.id}", status_code=303)


def _comparison(
    review: GateReview, view: initiative_queries.InitiativeView
) -> list[dict[str, Any]]:
    """Each item the decision saw, beside how it stands today (compared by content hash)."""
    current = view.phase_state
    today = items_json(
        f"{review.phase.value}.",
        current.states,
        current.standings,
        current.evidence,
        clock.today(),
    )
    # Texts and order come from the version the decision was made under.
    model = MODELS.get(review.model_version, view.model)
    order = {item.key: index for index, item in enumerate(model.items)}
    rows = [
        {
            "key": key,
            "item": model.item(key),
            "then": then,
            "now": today.get(key),
            "changed": today.get(key, {}).get("sha256") != then.get("sha256"),
        }
        for key, then in (review.snapshot or {}).get("items", {}).items()
    ]
    return sorted(rows, key=lambda row: order.get(row["key"], len(order)))


def _items_now(review: GateReview, view: initiative_queries.InitiativeView) -> list[dict[str, Any]]:
    """Every item of the review's phase as it stands now, for the decision to rest on: its
    status, who ticked it, its evidence, and what changed since the request was made."""
    spec = view.model.phase(review.phase)
    current, since = view.phase_state, review.requested_at
    rows = []
    for checklist in spec.checklists if spec else ():
        for item in checklist.tickable:
            state = current.states.get(item.key)
            pieces = current.evidence.get(item.key, [])
            added = {e.id for e in pieces if e.added_at > since}
            withdrawn = {e.id for e in pieces if e.withdrawn_at and e.withdrawn_at > since}
            ticked = state is not None and state.updated_at is not None and state.updated_at > since
            rows.append(
                {
                    "item": item,
                    "category": checklist.category,
                    "state": state,
                    "standing": current.standings.get(item.key, "open"),
                    "pieces": pieces,
                    "added": added,
                    "withdrawn": withdrawn,
                    "state_changed": ticked,
                    "changed": bool(ticked or added or withdrawn),
                }
            )
    return rows


def _page(
    request: Request,
    session: SessionDep,
    user: User,
    review_id: int,
    *,
    error: Exception | None = None,
    form: dict[str, Any] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    review = reviews.review_of(session, user=user, review_id=review_id)
    view = initiative_queries.initiative_view(
        session, user=user, initiative_id=review.initiative_id
    )
    blank = [{"text": "", "owner": "", "due_on": ""} for _ in range(CONDITION_ROWS)]
    context = {
        "review": review,
        "view": view,
        "initiative": view.initiative,
        "comparison": _comparison(review, view) if review.snapshot else [],
        "items_now": _items_now(review, view) if review.status is ReviewStatus.REQUESTED else [],
        "next_phase": next_phase(review.phase),
        "previous_phase": previous_phase(review.phase),
        "may_decide": review.status is ReviewStatus.REQUESTED
        and permissions.can_decide_review(user.role),
        "may_close": permissions.can_decide_review(user.role),
        "error": error,
        "form": form or {"outcome": "", "rationale": "", "conditions": blank},
        "anchor": item_anchor,
    }
    return render(request, "reviews/detail.html", context, status_code=status_code)


@router.get("/gate-reviews/{review_id}", response_class=HTMLResponse)
def review_page(request: Request, review_id: int, session: SessionDep, user: PageUser) -> Response:
    return _page(request, session, user, review_id)


@router.post("/gate-reviews/{review_id}/decision", response_class=HTMLResponse)
def decide(
    request: Request, review_id: int, session: SessionDep, user: PageUser, fields: FormFields
) -> Response:
    outcome, rationale = fields.get("outcome", ""), fields.get("rationale", "")
    rows = [
        {
            "text": fields.get(f"condition_text_{i}", ""),
            "owner": fields.get(f"condition_owner_{i}", ""),
            "due_on": fields.get(f"condition_due_{i}", ""),
        }
        for i in range(CONDITION_ROWS)
    ]
    form = {"outcome": outcome, "rationale": rationale, "conditions": rows}
    with Refusal(errors.InvalidInput, TransitionRefused, errors.Conflict) as refused:
        conditions = [
            reviews.ConditionInput(r["text"], r["owner"], parse_date("due_on", r["due_on"]))
            for r in rows
            if any(v.strip() for v in r.values())
        ]
        review = reviews.decide(
            session,
            actor=user,
            review_id=review_id,
            outcome=outcome,
            rationale=rationale,
            conditions=conditions,
        )
    if refused:
        return _page(
            request, session, user, review_id,
            error=refused.error, form=form, status_code=refused.status_code,
        )  # fmt: skip
    assert review.outcome is not None
    flash(request, Flash.decided(review.outcome), "success")
    return RedirectResponse(f"/gate-reviews/{review.id}", status_code=303)


@router.post("/conditions/{condition_id}/close", response_class=HTMLResponse)
def close_condition(
    request: Request,
    condition_id: int,
    session: SessionDep,
    user: PageUser,
    note: Annotated[str, Form()] = "",
    back: Annotated[str, Form()] = "",
) -> Response:
    with Refusal(errors.InvalidInput) as refused:
        reviews.close_condition(session, actor=user, condition_id=condition_id, note=note)
    if refused:
        flash(request, Flash.CONDITION_NEEDS_NOTE, "error")
    else:
        flash(request, Flash.CONDITION_CLOSED, "success")
    target = back if back.startswith("/") and not back.startswith("//") else "/"
    return RedirectResponse(target, status_code=303)
