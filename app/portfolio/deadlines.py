"""Overdue results: a target date in the past and the item not yet settled."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from app.domain.paging import Page, page_to_read
from app.models.accounts import User
from app.models.initiatives import Initiative, ItemState
from app.phases import MODELS, Item, Phase
from app.portfolio.queries import restrict_visible
from app.portfolio.readiness import settled_clause


@dataclass(frozen=True)
class OverdueItem:
    initiative_id: int
    initiative_name: str
    region: str
    phase: Phase
    item: Item
    target_date: date

    def days_overdue(self, today: date) -> int:
        return (today - self.target_date).days


Overdue = Select[int, str, str, Phase, str, str, date | None]


def _overdue(user: User, today: date) -> Overdue:
    query = (
        select(
            Initiative.id,
            Initiative.name,
            Initiative.region,
            Initiative.phase,
            Initiative.model_version,
            ItemState.item_key,
            ItemState.target_date,
        )
        .join(ItemState, ItemState.initiative_id == Initiative.id)
        .where(
            ItemState.target_date < today,
            ~settled_clause(today),
            Initiative.phase != Phase.CLOSED,
        )
        .order_by(ItemState.target_date, Initiative.name, ItemState.item_key)
    )
    return restrict_visible(query, user)


def _items(rows: Iterable[Any]) -> list[OverdueItem]:
    found: list[OverdueItem] = []
    for initiative_id, name, region, phase, version, key, target in rows:
        item = MODELS[version].item(key)
        if item is not None and target is not None:
            found.append(OverdueItem(initiative_id, name, region, phase, item, target))
    return found


def overdue_items(
    session: Session, *, user: User, today: date, limit: int = 1000
) -> list[OverdueItem]:
    """The most overdue first, at most `limit` (the digest, the work list, the API)."""
    return _items(session.execute(_overdue(user, today).limit(limit)))


def overdue_page(
    session: Session, *, user: User, today: date, page: int, per_page: int,
    past_the_last: bool = False,
) -> Page[OverdueItem]:  # fmt: skip
    """One page of the overdue results, the most overdue first, with how many there are in
    all: a support function's list may run to thousands. Two queries. A page past the
    last as app.domain.paging.page_to_read has it."""
    listed = _overdue(user, today)
    total = session.scalar(select(func.count()).select_from(listed.order_by(None).subquery())) or 0
    read = page_to_read(total, page, per_page, past_the_last=past_the_last)
    if read is None:
        return Page([], total, page, per_page)
    rows = session.execute(listed.limit(per_page).offset((read - 1) * per_page))
    return Page(_items(rows), total, read, per_page)
