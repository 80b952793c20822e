"""JSON shapes of gate reviews, their decisions and conditions."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import Field

from app.models.reviews import GateReview, ReviewCondition
from app.web.api.schemas.common import Body, email_of, iso


class ConditionIn(Body):
    text: str
    owner: str
    due_on: date


class DecisionIn(Body):
    outcome: str = Field(description="go, conditional_go, hold or recycle")
    rationale: str
    conditions: list[ConditionIn] = Field(default_factory=list)


class ReviewRequestIn(Body):
    note: str | None = None


class ConditionCloseIn(Body):
    note: str


def condition_json(condition: ReviewCondition) -> dict[str, Any]:
    return {
        "id": condition.id,
        "review": condition.review_id,
        "text": condition.text,
        "owner": condition.owner,
        "due_on": condition.due_on.isoformat(),
        "open": condition.closed_at is None,
        "closed_at": iso(condition.closed_at),
        "closed_by": email_of(condition.closed_by),
        "closing_note": condition.closing_note,
    }


def review_json(review: GateReview, *, with_snapshot: bool = True) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": review.id,
        "initiative_id": review.initiative_id,
        "phase": review.phase.value,
        "model_version": review.model_version,
        "status": review.status,
        "requested_by": email_of(review.requested_by),
        "requested_at": review.requested_at.isoformat(),
        "request_note": review.request_note,
        "outcome": review.outcome,
        "rationale": review.rationale,
        "decided_by": email_of(review.decided_by),
        "decided_at": iso(review.decided_at),
        "transition_id": review.transition_id,
        "snapshot_sha256": review.snapshot_sha256,
        "conditions": [condition_json(c) for c in review.conditions],
    }
    if with_snapshot:
        body["snapshot"] = review.snapshot
    return body
