"""Gate review pages: request a review, decide it, close conditions, compare snapshots."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app import reviews, services
from app.domain import permissions
from app.domain.workflow import TransitionRefused
from app.models import GateReview, User
from app.phases import MODELS
from app.snapshots import items_json
from app.web.deps import PageUser, SessionDep
from app.web.routers.initiatives import item_anchor
from app.web.security import flash
from app.web.templating import render
from app.web.uploads import parse_date

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
    try:
        review = reviews.request_review(session, actor=user, initiative_id=initiative_id, note=note)
    except (TransitionRefused, services.Conflict, services.InvalidInput):
        session.rollback()
        flash(request, "review_not_requested", "error")
        return RedirectResponse(f"/initiatives/{initiative_id}#gate-panel", status_code=303)
    flash(request, "review_requested", "success")
    return RedirectResponse(f"/gate-reviews/{review.id}", status_code=303)


def _comparison(review: GateReview, view: services.InitiativeView) -> list[dict[str, Any]]:
    """Each item the decision saw, beside how it stands today (compared by content hash)."""
    current = view.phase_state
    today = items_json(
        f"{review.phase.value}.",
        current.states,
        current.standings,
        current.evidence,
        services.today(),
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


def _page(
    request: Request,
    session: SessionDep,
    user: User,
    review_id: int,
    *,
    error: services.InvalidInput | str | None = None,
    form: dict[str, Any] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    review = reviews.review_of(session, user=user, review_id=review_id)
    view = services.initiative_view(session, user=user, initiative_id=review.initiative_id)
    blank = [{"text": "", "owner": "", "due_on": ""} for _ in range(CONDITION_ROWS)]
    context = {
        "review": review,
        "view": view,
        "initiative": view.initiative,
        "comparison": _comparison(review, view) if review.snapshot else [],
        "may_decide": review.status == "requested" and permissions.can_decide_review(user.role),
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
async def decide(request: Request, review_id: int, session: SessionDep, user: PageUser) -> Response:
    data = await request.form()
    outcome = str(data.get("outcome") or "")
    rationale = str(data.get("rationale") or "")
    rows = [
        {
            "text": str(data.get(f"condition_text_{i}") or ""),
            "owner": str(data.get(f"condition_owner_{i}") or ""),
            "due_on": str(data.get(f"condition_due_{i}") or ""),
        }
        for i in range(CONDITION_ROWS)
    ]
    form = {"outcome": outcome, "rationale": rationale, "conditions": rows}
    try:
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
    except services.InvalidInput as error:
        session.rollback()
        return _page(request, session, user, review_id, error=error, form=form, status_code=422)
    except (TransitionRefused, services.Conflict) as error:
        session.rollback()
        return _page(
            request, session, user, review_id, error=str(error), form=form, status_code=409
        )
    flash(request, f"decided:{review.outcome}", "success")
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
    try:
        condition = reviews.close_condition(
            session, actor=user, condition_id=condition_id, note=note
        )
    except services.InvalidInput:
        session.rollback()
        flash(request, "condition_needs_note", "error")
        condition = None
    target = back if back.startswith("/") and not back.startswith("//") else "/"
    if condition is not None:
        flash(request, "condition_closed", "success")
    return RedirectResponse(target, status_code=303)
