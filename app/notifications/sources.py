"""What people should be told about, read from the state of things: one statement per
kind plus one for the audiences. Nothing here writes; services.collect stores the rows."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import Select, func, or_, select, union_all
from sqlalchemy.orm import Session

from app.domain.permissions import Role
from app.domain.reviews import ReviewStatus
from app.initiatives.listing import settled_clause
from app.models.access import Funding, Membership
from app.models.accounts import User
from app.models.evidence import Evidence
from app.models.initiatives import Initiative, ItemState
from app.models.reviews import GateReview
from app.notifications.rules import DECISION_LOOKBACK_DAYS, NotificationKind
from app.phases import Phase
from app.worklists.rules import CONDITION_WINDOW_DAYS, EVIDENCE_WINDOW_DAYS
from app.worklists.selects import conditions_due, evidence_expiring, requested_reviews

Row = dict[str, Any]  # one notification to insert
Q = TypeVar("Q", bound=Select[*tuple[Any, ...]])


def _only(query: Q, initiative_id: int | None) -> Q:
    query = query.where(Initiative.phase != Phase.CLOSED)
    return query if initiative_id is None else query.where(Initiative.id == initiative_id)


def _audiences(
    session: Session, initiative_ids: Iterable[int], *, funders: bool
) -> dict[int, set[int]]:
    """Active members of each initiative's group (and its funders when asked)."""
    ids = sorted(set(initiative_ids))
    found: dict[int, set[int]] = defaultdict(set)
    if not ids:
        return found
    parts = [
        select(Membership.initiative_id, Membership.user_id).where(
            Membership.initiative_id.in_(ids)
        )
    ]
    if funders:
        parts.append(
            select(Funding.initiative_id, Funding.user_id).where(Funding.initiative_id.in_(ids))
        )
    sub = union_all(*parts).subquery()
    rows = session.execute(
        select(sub.c[0], sub.c[1]).join(User, User.id == sub.c[1]).where(User.is_active.is_(True))
    )
    for initiative_id, user_id in rows:
        found[initiative_id].add(user_id)
    return found


def _row(
    user_id: int, kind: NotificationKind, subject: str, initiative_id: int, **params: Any
) -> Row:
    return {
        "user_id": user_id,
        "kind": kind,
        "subject": subject,
        "initiative_id": initiative_id,
        "params": params,
    }


def review_requests(session: Session, initiative_id: int | None) -> list[Row]:
    officers = session.scalars(
        select(User.id).where(User.role == Role.SUPPORT, User.is_active.is_(True))
    ).all()
    query = _only(
        requested_reviews(GateReview.id, Initiative.id, Initiative.name, GateReview.phase),
        initiative_id,
    )
    return [
        _row(
            user,
            NotificationKind.REVIEW_REQUESTED,
            f"review:{review}",
            initiative,
            initiative=name,
            phase=phase.value,
            review_id=review,
        )
        for review, initiative, name, phase in session.execute(query)
        for user in officers
    ]


def review_decisions(session: Session, initiative_id: int | None, now: datetime) -> list[Row]:
    # Not limited to open initiatives: a decision's people hear of it whatever followed.
    query = (
        select(GateReview.id, Initiative.id, Initiative.name, GateReview.phase, GateReview.outcome)
        .join(Initiative, Initiative.id == GateReview.initiative_id)
        .where(
            GateReview.status == ReviewStatus.DECIDED,
            GateReview.decided_at >= now - timedelta(days=DECISION_LOOKBACK_DAYS),
        )
    )
    if initiative_id is not None:
        query = query.where(Initiative.id == initiative_id)
    decided = session.execute(query).all()
    audience = _audiences(session, (row[1] for row in decided), funders=True)
    return [
        _row(
            user,
            NotificationKind.REVIEW_DECIDED,
            f"review:{review}",
            initiative,
            initiative=name,
            phase=phase.value,
            outcome=outcome.value if outcome else None,
            review_id=review,
        )
        for review, initiative, name, phase, outcome in decided
        for user in sorted(audience[initiative])
    ]


def conditions(session: Session, initiative_id: int | None, today: date) -> list[Row]:
    query = _only(conditions_due(today + timedelta(days=CONDITION_WINDOW_DAYS)), initiative_id)
    due = session.execute(query).all()
    audience = _audiences(session, (row[2] for row in due), funders=False)
    owners = {row[5].strip().lower() for row in due if row[5]}
    owner_ids: dict[str, int] = {}
    if owners:
        for user_id, email, name in session.execute(
            select(User.id, User.email, User.name).where(
                User.is_active.is_(True),
                or_(func.lower(User.email).in_(owners), func.lower(User.name).in_(owners)),
            )
        ):
            owner_ids[email.lower()] = owner_ids[name.lower()] = user_id
    rows: list[Row] = []
    for condition, review, initiative, name, text, owner, due_on in due:
        stage = "overdue" if due_on < today else "due"
        people = set(audience[initiative])
        if owner and owner.strip().lower() in owner_ids:
            people.add(owner_ids[owner.strip().lower()])
        rows.extend(
            _row(
                user,
                NotificationKind.CONDITION_DUE,
                f"condition:{condition}:{stage}",
                initiative,
                initiative=name,
                text=text[:300],
                due_on=due_on.isoformat(),
                overdue=stage == "overdue",
                review_id=review,
            )
            for user in sorted(people)
        )
    return rows


def _item_dates(
    session: Session,
    query: Select[*tuple[Any, ...]],
    kind: NotificationKind,
    subject: str,
    field: str,
) -> list[Row]:
    """One row per member of the group, for each (id, initiative id, name, model version,
    item key, date) the query finds; `subject` and `field` name the date."""
    found = session.execute(query).all()
    audience = _audiences(session, (row[1] for row in found), funders=False)
    rows: list[Row] = []
    for row_id, initiative, name, version, key, on in found:
        if on is None:
            continue
        said = {"initiative": name, "model_version": version, "item_key": key}
        said[field] = on.isoformat()
        about = f"{subject}:{row_id}:{on}"
        rows.extend(
            _row(user, kind, about, initiative, **said) for user in sorted(audience[initiative])
        )
    return rows


def expiring_evidence(session: Session, initiative_id: int | None, today: date) -> list[Row]:
    until = today + timedelta(days=EVIDENCE_WINDOW_DAYS)
    query = _only(evidence_expiring(today, until, Evidence.expires_on), initiative_id)
    kind = NotificationKind.EVIDENCE_EXPIRING
    return _item_dates(session, query, kind, "evidence", "expires_on")


def passed_target_dates(session: Session, initiative_id: int | None, today: date) -> list[Row]:
    columns = (ItemState.id, Initiative.id, Initiative.name, Initiative.model_version)
    query = _only(
        select(*columns, ItemState.item_key, ItemState.target_date)
        .join(Initiative, Initiative.id == ItemState.initiative_id)
        .where(ItemState.target_date < today, ~settled_clause(today)),
        initiative_id,
    )
    kind = NotificationKind.TARGET_DATE_PASSED
    return _item_dates(session, query, kind, "target", "target_date")
