from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from app.audit.snapshots import snapshot_sha256
from app.clock import utc_now
from app.domain.reviews import ReviewOutcome, ReviewStatus
from app.models.accounts import User
from app.models.initiatives import Transition
from app.models.reviews import GateReview
from app.records import record_audit


def _audit_requested(
    session: Session, review: GateReview, action: str, *, actor: User, after: dict[str, Any]
) -> None:
    """The audit entry of a requested review's end, dated in the phase it reviews."""
    record_audit(
        session, review.initiative_id, action=action, actor=actor,
        target=("gate_review", review.id), phase=review.phase,
        before={"status": ReviewStatus.REQUESTED.value}, after=after,
    )  # fmt: skip


def withdraw(session: Session, *, actor: User, review: GateReview, transition: Transition) -> None:
    # The initiative left the reviewed phase another way: nothing is left to decide.
    review.status = ReviewStatus.WITHDRAWN
    after = {"status": ReviewStatus.WITHDRAWN.value, "transition": transition.id}
    _audit_requested(session, review, action="review.withdraw", actor=actor, after=after)


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
    _audit_requested(
        session,
        review,
        action="review.decide",
        actor=actor,
        after={
            "outcome": outcome.value,
            "rationale": rationale,
            "snapshot_sha256": review.snapshot_sha256,
            "transition": review.transition_id,
        },
    )
