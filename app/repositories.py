"""Query functions. Each page uses a fixed number of these, never one per row."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from sqlalchemy import (
    ColumnElement,
    Select,
    String,
    and_,
    case,
    exists,
    func,
    or_,
    select,
    type_coerce,
)
from sqlalchemy.orm import Session, joinedload, selectinload

from app.domain.items import SETTLED, ItemStatus
from app.domain.permissions import Role
from app.models import (
    AuditEntry,
    Evidence,
    Funding,
    GateReview,
    Initiative,
    ItemState,
    Membership,
    ModelVersionChange,
    ReviewCondition,
    Transition,
    User,
)
from app.phases import MODELS, Category


def get_user_by_email(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def is_member(session: Session, *, initiative_id: int, user_id: int) -> bool:
    return bool(
        session.scalar(
            select(
                exists().where(
                    Membership.initiative_id == initiative_id, Membership.user_id == user_id
                )
            )
        )
    )


def is_funder(session: Session, *, initiative_id: int, user_id: int) -> bool:
    return bool(
        session.scalar(
            select(
                exists().where(Funding.initiative_id == initiative_id, Funding.user_id == user_id)
            )
        )
    )


def get_initiative(session: Session, initiative_id: int) -> Initiative | None:
    return session.get(Initiative, initiative_id)


def item_states(session: Session, initiative_id: int) -> dict[str, ItemState]:
    rows = session.scalars(
        select(ItemState)
        .options(joinedload(ItemState.updated_by))
        .where(ItemState.initiative_id == initiative_id)
    )
    return {row.item_key: row for row in rows}


def get_item_state(session: Session, *, initiative_id: int, key: str) -> ItemState | None:
    return session.scalar(
        select(ItemState).where(ItemState.initiative_id == initiative_id, ItemState.item_key == key)
    )


def transitions(session: Session, initiative_id: int) -> Sequence[Transition]:
    return session.scalars(
        select(Transition)
        .options(joinedload(Transition.actor))
        .where(Transition.initiative_id == initiative_id)
        .order_by(Transition.created_at.desc(), Transition.id.desc())
    ).all()


def version_changes(session: Session, initiative_id: int) -> Sequence[ModelVersionChange]:
    return session.scalars(
        select(ModelVersionChange)
        .options(joinedload(ModelVersionChange.actor))
        .where(ModelVersionChange.initiative_id == initiative_id)
        .order_by(ModelVersionChange.created_at.desc(), ModelVersionChange.id.desc())
    ).all()


def members(session: Session, initiative_id: int) -> Sequence[User]:
    return session.scalars(
        select(User)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.initiative_id == initiative_id)
        .order_by(User.name)
    ).all()


SelectOf = TypeVar("SelectOf", bound=Select[Any])


def restrict_to_visible(query: SelectOf, user_id: int, role: Role) -> SelectOf:
    """The one place that narrows a select involving Initiative to what a user may see:
    leadership its own groups' initiatives, funders those they finance, others all."""
    if role is Role.LEADERSHIP:
        mine = select(Membership.initiative_id).where(Membership.user_id == user_id)
        query = query.where(Initiative.id.in_(mine))
    elif role is Role.FUNDER:
        funded = select(Funding.initiative_id).where(Funding.user_id == user_id)
        query = query.where(Initiative.id.in_(funded))
    return query


def visible_initiatives(user_id: int, role: Role) -> Select[Initiative]:
    return restrict_to_visible(select(Initiative), user_id, role)


def evidence(
    session: Session, initiative_id: int, *, key: str | None = None
) -> dict[str, list[Evidence]]:
    """The evidence of an initiative (or of one item) by item, oldest first: one query."""
    query = select(Evidence).options(joinedload(Evidence.added_by))
    query = query.where(Evidence.initiative_id == initiative_id)
    if key is not None:
        query = query.where(Evidence.item_key == key)
    rows = session.scalars(query.order_by(Evidence.item_key, Evidence.id))
    by_key: dict[str, list[Evidence]] = {}
    for row in rows:
        by_key.setdefault(row.item_key, []).append(row)
    return by_key


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
            GateReview.initiative_id == initiative_id, GateReview.status == "requested"
        )
    )


def funders(session: Session, initiative_id: int) -> Sequence[User]:
    return session.scalars(
        select(User)
        .join(Funding, Funding.user_id == User.id)
        .where(Funding.initiative_id == initiative_id)
        .order_by(User.name)
    ).all()


def audit_entries(
    session: Session,
    initiative_id: int,
    *,
    phase: str | None = None,
    actor: str | None = None,
    action: str | None = None,
) -> Sequence[AuditEntry]:
    query = select(AuditEntry).where(AuditEntry.initiative_id == initiative_id)
    if phase:
        query = query.where(AuditEntry.phase == phase)
    if actor:
        query = query.where(AuditEntry.actor == actor)
    if action:
        query = query.where(AuditEntry.action == action)
    return session.scalars(query.order_by(AuditEntry.seq.desc())).all()


def settled_clause(today: date) -> ColumnElement[bool]:
    """SQL for "this item no longer blocks its gate", as app.domain.items.standing has it:
    done or not applicable, not awaiting confirmation, and not needing renewal."""
    same_item = and_(
        Evidence.initiative_id == ItemState.initiative_id,
        Evidence.item_key == ItemState.item_key,
        Evidence.withdrawn_at.is_(None),
    )
    expired = exists().where(same_item, Evidence.expires_on < today)
    current = exists().where(
        same_item,
        Evidence.effective_on <= today,
        or_(Evidence.expires_on.is_(None), Evidence.expires_on >= today),
    )
    needs_renewal = and_(ItemState.status == ItemStatus.DONE.value, expired, ~current)
    return and_(
        ItemState.status.in_([s.value for s in SETTLED]),
        ItemState.needs_confirmation.is_(False),
        ~needs_renewal,
    )


@dataclass
class InitiativeRow:
    """An initiative with the progress of its current phase, for lists."""

    initiative: Initiative
    done: dict[Category, int] = field(default_factory=dict)
    total: dict[Category, int] = field(default_factory=dict)
    required_open: int = 0


def _required_keys_clause() -> object:
    # Which keys are required is model data, so pass each version's keys in.
    return or_(
        *(
            and_(
                Initiative.model_version == version,
                ItemState.item_key.in_([i.key for i in model.items if i.required]),
            )
            for version, model in MODELS.items()
        )
    )


def _model_keys_clause() -> object:
    # States of items a later version removed are kept, but no longer count.
    return or_(
        *(
            and_(
                Initiative.model_version == version,
                ItemState.item_key.in_([i.key for i in model.items]),
            )
            for version, model in MODELS.items()
        )
    )


def list_initiatives(session: Session, *, user_id: int, role: Role) -> list[InitiativeRow]:
    """Initiatives the user may see, with current-phase progress: two queries."""
    initiatives = session.scalars(
        visible_initiatives(user_id, role).order_by(Initiative.name, Initiative.id)
    ).all()
    rows = {i.id: InitiativeRow(i) for i in initiatives}
    if not rows:
        return []
    settled = settled_clause(datetime.now(UTC).date())
    phase_text = type_coerce(Initiative.phase, String)  # concatenated as text, not as an enum
    in_phase = ItemState.item_key.like(phase_text + ".%")
    category_columns = []
    for category in Category:
        in_category = ItemState.item_key.like(phase_text + f".{category.value}.%")
        category_columns += [
            func.sum(case((in_category, 1), else_=0)),
            func.sum(case((and_(in_category, settled), 1), else_=0)),
        ]
    required_open = func.sum(
        case((and_(_required_keys_clause(), ~settled), 1), else_=0)  # type: ignore[arg-type]
    )
    query = (
        select(ItemState.initiative_id, required_open, *category_columns)
        .join(Initiative, Initiative.id == ItemState.initiative_id)
        .where(in_phase, _model_keys_clause(), ItemState.initiative_id.in_(list(rows)))  # type: ignore[arg-type]
        .group_by(ItemState.initiative_id)
    )
    for initiative_id, open_count, *counts in session.execute(query):
        row = rows[initiative_id]
        row.required_open = int(open_count or 0)
        for index, category in enumerate(Category):
            row.total[category] = int(counts[2 * index] or 0)
            row.done[category] = int(counts[2 * index + 1] or 0)
    return list(rows.values())
