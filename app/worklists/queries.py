"""The work list's reads: one statement per list, each scoped to what the reader may see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any

from sqlalchemy import Date, Integer, Select, bindparam, func, select
from sqlalchemy.orm import Session, aliased

from app.domain.paging import Page
from app.domain.permissions import Role
from app.grants.queries import DueReport, reports_due
from app.initiatives.queries import restrict_to_visible
from app.models.accounts import User
from app.models.evidence import Evidence
from app.models.initiatives import Initiative
from app.models.notifications import Notification
from app.models.reviews import GateReview, ReviewCondition
from app.phases import MODELS, Item, Phase
from app.portfolio.deadlines import OverdueItem, overdue_page
from app.portfolio.queries import restrict_visible
from app.worklists.rules import REPORT_OVERDUE_DAYS, Horizon
from app.worklists.selects import OPEN, conditions_due, evidence_expiring, requested_reviews


@dataclass(frozen=True)
class WaitingReview:
    review_id: int
    initiative_id: int
    initiative_name: str
    region: str
    phase: Phase
    requested_at: datetime
    requested_by: str | None


@dataclass(frozen=True)
class DueCondition:
    condition_id: int
    review_id: int
    initiative_id: int
    initiative_name: str
    text: str
    owner: str
    due_on: date


@dataclass(frozen=True)
class ExpiringEvidence:
    evidence_id: int
    initiative_id: int
    initiative_name: str
    item: Item | None
    label: str
    expires_on: date


@dataclass(frozen=True)
class WorkList:
    horizon: Horizon
    reviews: list[WaitingReview]
    conditions: list[DueCondition]
    overdue: Page[OverdueItem]  # the most overdue; how many in all (/portfolio/overdue lists them)
    evidence: list[ExpiringEvidence]
    reports: list[DueReport]  # grant reports due to funders


OVERDUE_SHOWN = 100  # the rest on /portfolio/overdue: a whole country's runs to thousands
EVIDENCE_NAMED = (Evidence.file_name, Evidence.url, Evidence.note)  # what a piece is called by


def waiting_reviews(session: Session, user: User, limit: int = 500) -> list[WaitingReview]:
    requester = aliased(User)
    query = restrict_visible(
        requested_reviews(
            GateReview.id,
            Initiative.id,
            Initiative.name,
            Initiative.region,
            GateReview.phase,
            GateReview.requested_at,
            requester.name,
        )
        .outerjoin(requester, requester.id == GateReview.requested_by_id)
        .where(OPEN)
        .order_by(GateReview.requested_at, GateReview.id)
        .limit(limit),
        user,
    )
    return [WaitingReview(*row) for row in session.execute(query)]


def due_conditions(
    session: Session, user: User, horizon: Horizon, limit: int = 500
) -> list[DueCondition]:
    query = restrict_visible(
        conditions_due(horizon.conditions_until)
        .where(OPEN)
        .order_by(ReviewCondition.due_on, ReviewCondition.id)
        .limit(limit),
        user,
    )
    return [DueCondition(*row) for row in session.execute(query)]


def expiring_evidence(
    session: Session, user: User, horizon: Horizon, limit: int = 500
) -> list[ExpiringEvidence]:
    query = restrict_visible(
        evidence_expiring(
            horizon.today, horizon.evidence_until, *EVIDENCE_NAMED, Evidence.expires_on
        )
        .where(OPEN)
        .order_by(Evidence.expires_on, Evidence.id)
        .limit(limit),
        user,
    )
    found: list[ExpiringEvidence] = []
    for evidence_id, initiative_id, name, version, key, *named, expires in session.execute(query):
        file_name, url, note = named
        model = MODELS.get(version)
        label = file_name or url or (note or "")[:80]
        item = model.item(key) if model is not None else None
        if expires is not None:
            found.append(ExpiringEvidence(evidence_id, initiative_id, name, item, label, expires))
    return found


def work_list(session: Session, user: User, horizon: Horizon) -> WorkList:
    return WorkList(
        horizon=horizon,
        reviews=waiting_reviews(session, user),
        conditions=due_conditions(session, user, horizon),
        overdue=overdue_page(
            session, user=user, today=horizon.today, page=1, per_page=OVERDUE_SHOWN
        ),
        evidence=expiring_evidence(session, user, horizon),
        reports=reports_due(
            session,
            user,
            start=horizon.today - timedelta(days=REPORT_OVERDUE_DAYS),
            end=horizon.evidence_until,
        ),
    )


def navigation_counts(session: Session, user: User, horizon: Horizon) -> tuple[int, int]:
    """The navigation's badges in one statement, as they show on every page: what waits
    (reviews to decide plus conditions falling due) and unread notifications."""
    parameters = {"user_id": user.id, "until": horizon.conditions_until}
    row = session.execute(_navigation_counts(user.role), parameters).one()
    return int(row[0] or 0) + int(row[1] or 0), int(row[2] or 0)


@cache
def _navigation_counts(role: Role) -> Select[Any]:
    # Built once a role, with the user and the day as parameters: every page runs it, and
    # building it (and its cache key) cost more than running it.
    user_id = bindparam("user_id", type_=Integer)
    until = bindparam("until", type_=Date)
    reviews = restrict_to_visible(
        requested_reviews(func.count(GateReview.id)).where(OPEN), user_id, role
    )
    conditions = restrict_to_visible(
        conditions_due(until, func.count(ReviewCondition.id)).where(OPEN), user_id, role
    )
    unread = (
        select(func.count(Notification.id))
        .where(Notification.user_id == user_id, Notification.read_at.is_(None))
        .scalar_subquery()
    )
    return select(reviews.scalar_subquery(), conditions.scalar_subquery(), unread)


def pending_count(session: Session, user: User, horizon: Horizon) -> int:
    return navigation_counts(session, user, horizon)[0]
