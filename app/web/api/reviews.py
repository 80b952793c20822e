"""JSON API for gate reviews and their conditions."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, status

from app.initiatives import queries as initiative_queries
from app.reviews import queries as review_queries
from app.reviews import services as reviews
from app.web.api.schemas.initiatives import gate_json
from app.web.api.schemas.reviews import (
    ConditionCloseIn,
    DecisionIn,
    ReviewRequestIn,
    condition_json,
    review_json,
)
from app.web.deps import ApiInitiative, ApiUser, SessionDep
from app.web.problems import ERRORS

router = APIRouter(prefix="/api", tags=["gate reviews"], responses=ERRORS)


@router.post(
    "/initiatives/{initiative_id}/gate-reviews",
    status_code=status.HTTP_201_CREATED,
    responses={409: {"description": "Gate not open (`missing`), or a review already requested"}},
)
def request_review(
    initiative_id: int, session: SessionDep, user: ApiUser, body: ReviewRequestIn | None = None
) -> dict[str, Any]:
    review = reviews.request_review(
        session, actor=user, initiative_id=initiative_id, note=body.note if body else None
    )
    return review_json(reviews.review_of(session, user=user, review_id=review.id))


@router.get("/initiatives/{initiative_id}/gate-reviews")
def list_reviews(initiative: ApiInitiative, session: SessionDep) -> dict[str, Any]:
    rows = review_queries.gate_reviews(session, initiative.id)
    return {"items": [review_json(r) for r in rows]}


@router.get("/gate-reviews/{review_id}")
def get_review(review_id: int, session: SessionDep, user: ApiUser) -> dict[str, Any]:
    return review_json(reviews.review_of(session, user=user, review_id=review_id))


@router.post(
    "/gate-reviews/{review_id}/decision",
    responses={409: {"description": "Already decided, stale, or the gate refuses the move"}},
)
def decide(review_id: int, body: DecisionIn, session: SessionDep, user: ApiUser) -> dict[str, Any]:
    review = reviews.decide(
        session,
        actor=user,
        review_id=review_id,
        outcome=body.outcome,
        rationale=body.rationale,
        conditions=[reviews.ConditionInput(c.text, c.owner, c.due_on) for c in body.conditions],
    )
    view = initiative_queries.initiative_view(
        session, user=user, initiative_id=review.initiative_id
    )
    return {
        **review_json(review),
        "initiative_phase": view.initiative.phase.value,
        "gate": gate_json(view.gate),
    }


@router.post("/conditions/{condition_id}/close")
def close_condition(
    condition_id: int, body: ConditionCloseIn, session: SessionDep, user: ApiUser
) -> dict[str, Any]:
    condition = reviews.close_condition(
        session, actor=user, condition_id=condition_id, note=body.note
    )
    return condition_json(condition)
