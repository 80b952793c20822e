"""Overdue results: a target date in the past and the item not yet settled."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from app.initiatives.listing import page_count
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


@dataclass(frozen=True)
class OverduePage:
    items: list[OverdueItem]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return page_count(self.total, self.per_page)


def overdue_page(
    session: Session, *, user: User, today: date, page: int, per_page: int,
    past_the_last: bool = False,
) -> OverduePage:  # fmt: skip
    """One page of the overdue results, the most overdue first, with how many there are in
    all: a support function's list may run to thousands. Two queries. A page past the
    last is the last, or (`past_the_last`, for the API's clients) empty."""
    listed = _overdue(user, today)
    total = session.scalar(select(func.count()).select_from(listed.order_by(None).subquery())) or 0
    if page > page_count(total, per_page):
        if past_the_last:
            return OverduePage([], total, page, per_page)
        page = page_count(total, per_page)
    rows = session.execute(listed.limit(per_page).offset((page - 1) * per_page))
    return OverduePage(_items(rows), total, page, per_page)
