from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from sqlalchemy import Integer, Select, and_, bindparam, literal, select
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


def gate_blockers(
    session: Session, initiative_id: int
) -> tuple[GateReview | None, list[ReviewCondition]]:
    """The open review and the open conditions, soonest due first, in one query (an item
    save's answer shows both): each outer-joined to one row, so that either may be none."""
    review: GateReview | None = None
    conditions: list[ReviewCondition] = []
    for found, condition in session.execute(_gate_blockers(), {"initiative_id": initiative_id}):
        review = review or found
        if condition is not None:
            conditions.append(condition)
    return review, conditions


@cache
def _gate_blockers() -> Select[GateReview, ReviewCondition]:
    one = select(literal(1).label("one")).subquery("one")
    initiative_id = bindparam("initiative_id", type_=Integer)
    return (
        select(GateReview, ReviewCondition)
        .select_from(one)
        .outerjoin(  # at most one: uq_gate_reviews_open
            GateReview,
            and_(
                GateReview.initiative_id == initiative_id,
                GateReview.status == ReviewStatus.REQUESTED,
            ),
        )
        .outerjoin(
            ReviewCondition,
            and_(
                ReviewCondition.initiative_id == initiative_id,
                ReviewCondition.closed_at.is_(None),
            ),
        )
        .order_by(ReviewCondition.due_on, ReviewCondition.id)
    )


def open_review(session: Session, initiative_id: int) -> GateReview | None:
    return session.scalar(_open_review(), {"initiative_id": initiative_id})


@cache
def _open_review() -> Select[GateReview]:
    return select(GateReview).where(
        GateReview.initiative_id == bindparam("initiative_id"),
        GateReview.status == ReviewStatus.REQUESTED,
    )
