from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import (
    select,
)
from sqlalchemy.orm import Session, joinedload, selectinload

from app.domain.reviews import ReviewStatus
from app.models.reviews import GateReview, ReviewCondition


def conditions(session: Session, initiative_id: int) -> Sequence[ReviewCondition]:
    return session.scalars(
        select(ReviewCondition)
        .options(joinedload(ReviewCondition.closed_by))
        .where(ReviewCondition.initiative_id == initiative_id)
        .order_by(ReviewCondition.due_on, ReviewCondition.id)
    ).all()


def gate_reviews(session: Session, initiative_id: int) -> Sequence[GateReview]:
    return session.scalars(
        select(GateReview)
        .options(
            joinedload(GateReview.requested_by),
            joinedload(GateReview.decided_by),
            selectinload(GateReview.conditions).joinedload(ReviewCondition.closed_by),
        )
        .where(GateReview.initiative_id == initiative_id)
        .order_by(GateReview.id.desc())
    ).all()


def open_review(session: Session, initiative_id: int) -> GateReview | None:
    return session.scalar(
        select(GateReview).where(
            GateReview.initiative_id == initiative_id,
            GateReview.status == ReviewStatus.REQUESTED,
        )
    )
