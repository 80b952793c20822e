"""Overdue results: a target date in the past and the item not yet settled. One query."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

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


def overdue_items(
    session: Session, *, user: User, today: date, limit: int = 1000
) -> list[OverdueItem]:
    query = restrict_visible(
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
        .limit(limit),
        user,
    )
    found: list[OverdueItem] = []
    for initiative_id, name, region, phase, version, key, target in session.execute(query):
        item = MODELS[version].item(key)
        if item is not None and target is not None:
            found.append(OverdueItem(initiative_id, name, region, phase, item, target))
    return found
