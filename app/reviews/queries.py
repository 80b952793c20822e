from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import Session, joinedload, selectinload

from app.domain.reviews import ReviewStatus
from app.models.reviews import GateReview, ReviewCondition


def conditions(session: Session, initiative_id: int) -> Sequence[ReviewCondition]:
    return session.scalars(_conditions(), {"initiative_id": initiative_id}).all()


# The statements read on every initiative page and item save are built once
# (app.initiatives.queries says why).
@cache
def _conditions() -> Select[ReviewCondition]:
    return (
        select(ReviewCondition)
        .options(joinedload(ReviewCondition.closed_by))
        .where(ReviewCondition.initiative_id == bindparam("initiative_id"))
        .order_by(ReviewCondition.due_on, ReviewCondition.id)
    )


def gate_reviews(session: Session, initiative_id: int) -> Sequence[GateReview]:
    return session.scalars(_gate_reviews(), {"initiative_id": initiative_id}).all()


@cache
def _gate_reviews() -> Select[GateReview]:
    return (
        select(GateReview)
        .options(
            joinedload(GateReview.requested_by),
            joinedload(GateReview.decided_by),
            selectinload(GateReview.conditions).joinedload(ReviewCondition.closed_by),
        )
        .where(GateReview.initiative_id == bindparam("initiative_id"))
        .order_by(GateReview.id.desc())
    )


def open_review(session: Session, initiative_id: int) -> GateReview | None:
    return session.scalar(_open_review(), {"initiative_id": initiative_id})


@cache
def _open_review() -> Select[GateReview]:
    return select(GateReview).where(
        GateReview.initiative_id == bindparam("initiative_id"),
        GateReview.status == ReviewStatus.REQUESTED,
    )
