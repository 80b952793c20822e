"""Readiness, last activity and stall as columns of any select of Initiative.

Correlated look-ups on indexes, so ranking every initiative never scans all
their items (see bench/portfolio.py).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import case, false, func, literal, select, type_coerce

from app.db import UTCDateTime
from app.models.initiatives import Initiative, ItemState, Transition
from app.phases import Phase
from app.portfolio import readiness as ready
from app.portfolio.rules import stalled_cutoffs


def _greatest(dialect: str, *values: Any) -> Any:
    # SQLite's multi-argument max() is PostgreSQL's greatest().
    return func.greatest(*values) if dialect == "postgresql" else func.max(*values)


def _last_activity(dialect: str) -> Any:
    """The newest of the initiative's own update, its item changes and its transitions."""
    last_item = (
        select(func.max(ItemState.updated_at))
        .where(ItemState.initiative_id == Initiative.id)
        .correlate(Initiative)
        .scalar_subquery()
    )
    last_move = (
        select(func.max(Transition.created_at))
        .where(Transition.initiative_id == Initiative.id)
        .correlate(Initiative)
        .scalar_subquery()
    )
    newest = _greatest(
        dialect,
        Initiative.updated_at,
        func.coalesce(last_item, Initiative.updated_at),
        func.coalesce(last_move, Initiative.updated_at),
    )
    return type_coerce(newest, UTCDateTime)


def _stalled(
    last_activity: Any, *, now: datetime, default_days: int, thresholds: dict[str, int]
) -> Any:
    default, regional = stalled_cutoffs(now, default_days=default_days, thresholds=thresholds)
    cutoff: Any = literal(default, UTCDateTime)
    if regional:
        cutoff = case(
            *(
                (Initiative.region == region, literal(at, UTCDateTime))
                for region, at in regional.items()
            ),
            else_=cutoff,
        )
    return case((Initiative.phase == Phase.CLOSED, false()), else_=last_activity < cutoff)


def scores(
    dialect: str,
    *,
    now: datetime,
    default_stalled_days: int,
    thresholds: dict[str, int],
    only: frozenset[str] | None = None,
    stored_readiness: bool = False,
) -> list[Any]:
    """readiness, last_activity and stalled as correlated columns of a select of Initiative.

    `only` keeps the ones a ranking needs: PostgreSQL runs each sub-select per row.
    `stored_readiness`: every stored readiness holds today (readiness_score's `live`).
    """
    last_activity = _last_activity(dialect)
    stalled = _stalled(
        last_activity, now=now, default_days=default_stalled_days, thresholds=thresholds
    )
    columns = {
        "readiness": ready.readiness_score(now.date(), live=not stored_readiness).label(
            "readiness"
        ),
        "last_activity": last_activity.label("last_activity"),
        "stalled": stalled.label("stalled"),
    }
    return [c for name, c in columns.items() if only is None or name in only]
