"""Readiness in SQL: the share of the current gate's required items that are settled.

`settled_clause` asks SQL whether an item counts at the gate: done or not
applicable, not awaiting confirmation after a re-entry, and not needing renewal
because its evidence expired, as `domain.items.standing` has it. Which items a
gate requires, and what readiness a closed or item-less phase has, is
`rules.required_by_gate`.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import cache, lru_cache
from typing import Any

from sqlalchemy import ColumnElement, Float, and_, case, cast, false, func, or_, select
from sqlalchemy.orm import Session

from app.initiatives import listing as initiative_listing
from app.models.initiatives import Initiative, ItemState
from app.phases import MODELS, Item, Phase
from app.portfolio.rules import required_by_gate
from app.readiness import queries as readiness_queries


def settled_clause(today: date | None = None) -> ColumnElement[bool]:
    """An item state that no longer blocks a gate on `today` (by default today, UTC)."""
    return initiative_listing.settled_clause(today or datetime.now(UTC).date())


@cache  # model data never changes at run time; building the clause is the costly part
def required_item_clause() -> ColumnElement[bool]:
    """The item state is a required item of its initiative's current phase (join Initiative)."""
    return or_(
        false(),
        *(
            and_(
                Initiative.model_version == version,
                Initiative.phase == phase,
                ItemState.item_key.in_([i.key for i in items]),
            )
            for (version, phase), items in required_by_gate().items()
            if items
        ),
    )


@cache
def required_total() -> ColumnElement[Any]:
    """How many required items the current phase's gate has (NULL when closed)."""
    whens = [
        (and_(Initiative.model_version == version, Initiative.phase == phase), len(items))
        for (version, phase), items in required_by_gate().items()
    ]
    return case(*whens, else_=None)


def readiness(settled_count: ColumnElement[Any]) -> ColumnElement[Any]:
    """Percent (0..100, a float), or NULL for a closed initiative."""
    total = required_total()
    return case(
        (total.is_(None), None),
        (total == 0, 100.0),
        else_=cast(func.coalesce(settled_count, 0), Float) * 100.0 / total,
    )


# Cached per day, not once: the clause carries the date that evidence expires against.
@lru_cache(maxsize=4)
def settled_required_count(today: date) -> ColumnElement[Any]:
    """Per initiative (correlated), how many of its current gate's required items are settled
    on `today`.

    One small index look-up per required item, never a scan of all its items.
    """
    whens = []
    for (version, phase), items in required_by_gate().items():
        if not items:
            continue
        count = (
            select(func.count())
            .select_from(ItemState)
            .where(
                ItemState.initiative_id == Initiative.id,
                ItemState.item_key.in_([i.key for i in items]),
                settled_clause(today),
            )
            .correlate(Initiative)
            .scalar_subquery()
        )
        whens.append((and_(Initiative.model_version == version, Initiative.phase == phase), count))
    return case(*whens, else_=0)


@lru_cache(maxsize=8)
def readiness_score(today: date, *, live: bool = True) -> ColumnElement[Any]:
    """Readiness on `today` of each initiative in a select of Initiative (percent, NULL when
    closed): the stored figure (app/readiness), from the initiative's own row; computed live
    only for the rare initiative whose stored figures are past their `renewal_due_on`.

    `live=False`: the stored figure alone, for a caller that knows every one holds today
    (readiness_queries.all_hold). The live part is a sub-select per phase and required
    item: PostgreSQL plans it on every execution, longer than it takes to rank 10,000."""
    if not live:
        # A closed initiative's row carries none (`klusterfas db check` says so): the
        # column itself, which migration 0019's index serves in the order of the page.
        return Initiative.current_readiness.expression
    live_figure = readiness(settled_required_count(today))
    return case(
        (Initiative.phase == Phase.CLOSED, None),
        else_=func.coalesce(readiness_queries.stored_readiness(today), live_figure),
    )


def blocking_by_initiative(session: Session, ids: list[int]) -> dict[int, list[Item]]:
    """For each initiative, the required items of its current phase that are not settled,
    in model order: one query for any number of initiatives."""
    query = (
        select(Initiative.id, Initiative.model_version, Initiative.phase, ItemState.item_key)
        .join(Initiative, Initiative.id == ItemState.initiative_id)
        .where(ItemState.initiative_id.in_(ids), required_item_clause(), ~settled_clause())
    )
    keys: dict[int, set[str]] = {i: set() for i in ids}
    phases: dict[int, tuple[str, Phase]] = {}
    for initiative_id, version, phase, key in session.execute(query):
        keys[initiative_id].add(key)
        phases[initiative_id] = (version, phase)
    found: dict[int, list[Item]] = {i: [] for i in ids}
    for initiative_id, (version, phase) in phases.items():
        required = MODELS[version].required_items(phase)
        found[initiative_id] = [i for i in required if i.key in keys[initiative_id]]
    return found


def blocking_items(session: Session, initiative: Initiative) -> list[Item]:
    """The required items of the current phase that are not settled, in model order."""
    return blocking_by_initiative(session, [initiative.id])[initiative.id]
