from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy import (
    ColumnElement,
    String,
    and_,
    case,
    false,
    func,
    or_,
    select,
    type_coerce,
)
from sqlalchemy.orm import Session

from app.domain.items import (
    SETTLED,
    ItemStatus,
)
from app.domain.permissions import Role
from app.evidence.queries import any_piece_serves
from app.initiatives.queries import visible_initiatives
from app.models.evidence import Evidence
from app.models.initiatives import Initiative, ItemState
from app.phases import MODELS, Category


def settled_clause(today: date) -> ColumnElement[bool]:
    """SQL for "this item no longer blocks its gate", as app.domain.items.standing has it:
    done or not applicable, not awaiting confirmation, and not needing renewal."""
    same_item = (ItemState.initiative_id, ItemState.item_key)  # its own pieces and shared ones
    expired = any_piece_serves(*same_item, Evidence.expires_on < today)
    current = any_piece_serves(
        *same_item,
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


def category_clause(category: Category) -> ColumnElement[bool]:
    """The item state (joined to its Initiative) is an item of `category` in the version its
    initiative follows, not a heading: the checklist is model data, not read off the key."""
    return or_(
        false(),
        *(
            and_(Initiative.model_version == version, ItemState.item_key.in_(keys))
            for version, model in MODELS.items()
            if (keys := [i.key for i in model.tickable_items if i.category is category])
        ),
    )


def heading_clause() -> ColumnElement[bool]:
    """The item state (joined to its Initiative) is a heading of its initiative's version."""
    return or_(
        false(),
        *(
            and_(Initiative.model_version == version, ItemState.item_key.in_(keys))
            for version, model in MODELS.items()
            if (keys := [i.key for i in model.headings])
        ),
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
        in_category = category_clause(category)  # the query keeps the current phase's items
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
