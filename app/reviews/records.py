from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from app.audit import log as audit_log
from app.audit.snapshots import snapshot_sha256
from app.clock import utc_now
from app.domain.reviews import ReviewOutcome, ReviewStatus
from app.models.accounts import User
from app.models.initiatives import Transition
from app.models.reviews import GateReview


def withdraw(session: Session, *, actor: User, review: GateReview, transition: Transition) -> None:
    # The initiative left the reviewed phase another way: nothing is left to decide.
    review.status = ReviewStatus.WITHDRAWN
    audit_log.record(
        session,
        actor=actor,
        action="review.withdraw",
        target_type="gate_review",
        target_id=review.id,
        initiative_id=review.initiative_id,
        phase=review.phase.value,
        before={"status": ReviewStatus.REQUESTED.value},
        after={"status": ReviewStatus.WITHDRAWN.value, "transition": transition.id},
    )


def decide_review_row(
    session: Session,
    *,
    actor: User,
    review: GateReview,
    outcome: ReviewOutcome,
    rationale: str,
    snapshot: dict[str, Any],
    transition: Transition | None,
) -> None:
    review.status = ReviewStatus.DECIDED
    review.outcome = outcome
    review.rationale = rationale
    review.decided_by_id = actor.id
    review.decided_at = transition.created_at if transition else utc_now()
    review.snapshot = snapshot
    review.snapshot_sha256 = snapshot_sha256(snapshot)
    review.transition_id = transition.id if transition else None
    session.flush()
    audit_log.record(
        session,
        actor=actor,
        action="review.decide",
        target_type="gate_review",
        target_id=review.id,
        initiative_id=review.initiative_id,
        phase=review.phase.value,
        before={"status": ReviewStatus.REQUESTED.value},
        after={
            "outcome": outcome.value,
            "rationale": rationale,
            "snapshot_sha256": review.snapshot_sha256,
            "transition": review.transition_id,
        },
    )
