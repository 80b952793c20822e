from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from sqlalchemy import ColumnElement, Integer, Select, and_, bindparam, exists, literal, or_, select
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


def any_gate_blocker() -> ColumnElement[bool]:
    """SQL: whether `gate_blockers` would find anything, the initiative bound as
    `initiative_id` (so that a statement run anyway can tell)."""
    review, condition = _blocking()
    return or_(exists(select(GateReview.id).where(review)),
               exists(select(ReviewCondition.id).where(condition)))  # fmt: skip


def _blocking() -> tuple[ColumnElement[bool], ColumnElement[bool]]:
    """The open review's criteria and the open conditions'."""
    initiative_id = bindparam("initiative_id", type_=Integer)
    return (
        and_(
            GateReview.initiative_id == initiative_id, GateReview.status == ReviewStatus.REQUESTED
        ),
        and_(ReviewCondition.initiative_id == initiative_id, ReviewCondition.closed_at.is_(None)),
    )


@cache
def _gate_blockers() -> Select[GateReview, ReviewCondition]:
    one = select(literal(1).label("one")).subquery("one")
    review, condition = _blocking()
    return (
        select(GateReview, ReviewCondition)
        .select_from(one)
        .outerjoin(GateReview, review)  # at most one: uq_gate_reviews_open
        .outerjoin(ReviewCondition, condition)
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
