"""The selects the work list and the notifications share: what is waiting or falling due,
joined to its initiative. Each caller adds who may see it, an order and a limit."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, select

from app.domain.reviews import ReviewStatus
from app.models.evidence import Evidence
from app.models.initiatives import Initiative
from app.models.reviews import GateReview, ReviewCondition
from app.phases import Phase

OPEN: ColumnElement[bool] = Initiative.phase != Phase.CLOSED

# A condition as both list it: id, review, initiative id and name, text, owner, due date.
CONDITION_COLUMNS = (
    ReviewCondition.id,
    ReviewCondition.review_id,
    Initiative.id,
    Initiative.name,
    ReviewCondition.text,
    ReviewCondition.owner,
    ReviewCondition.due_on,
)


def requested_reviews(*columns: Any) -> Select[Any]:
    """Gate reviews awaiting a decision."""
    return (
        select(*columns)
        .join(Initiative, Initiative.id == GateReview.initiative_id)
        .where(GateReview.status == ReviewStatus.REQUESTED)
    )


def conditions_due(until: date | ColumnElement[date], *columns: Any) -> Select[Any]:
    """Open conditions due on or before `until` (the overdue ones included)."""
    return (
        select(*(columns or CONDITION_COLUMNS))
        .join(Initiative, Initiative.id == ReviewCondition.initiative_id)
        .where(ReviewCondition.closed_at.is_(None), ReviewCondition.due_on <= until)
    )


def evidence_expiring(first: date, last: date, *more: Any) -> Select[Any]:
    """Evidence in force that expires from `first` to `last`: its id, the initiative's id,
    name and model version, the item's key, then the columns `more` asks for."""
    columns = (Evidence.id, Initiative.id, Initiative.name, Initiative.model_version)
    return (
        select(*columns, Evidence.item_key, *more)
        .join(Initiative, Initiative.id == Evidence.initiative_id)
        .where(
            Evidence.withdrawn_at.is_(None),
            Evidence.expires_on >= first,
            Evidence.expires_on <= last,
        )
    )
