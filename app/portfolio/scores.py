"""Readiness, last activity and stall as columns of any select of Initiative.

Correlated look-ups on indexes, so ranking every initiative never scans all
their items (see bench/portfolio.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import case, false, func, literal, select, type_coerce
from sqlalchemy.orm import Session

from app.db import UTCDateTime
from app.models import Initiative, ItemState, RegionSetting, Transition, User
from app.phases import Phase
from app.portfolio import readiness as ready


@dataclass(frozen=True)
class Scope:
    """What a portfolio query needs besides the filters: who asks, and when."""

    user: User
    now: datetime
    default_stalled_days: int


def stalled_thresholds(session: Session) -> dict[str, int]:
    return dict(
        session.execute(select(RegionSetting.region, RegionSetting.stalled_after_days)).all()
    )


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
    default_cutoff = literal(now - timedelta(days=default_days), UTCDateTime)
    cutoff: Any = default_cutoff
    if thresholds:
        cutoff = case(
            *(
                (Initiative.region == region, literal(now - timedelta(days=days), UTCDateTime))
                for region, days in thresholds.items()
            ),
            else_=default_cutoff,
        )
    return case((Initiative.phase == Phase.CLOSED, false()), else_=last_activity < cutoff)


def scores(
    dialect: str, scope: Scope, thresholds: dict[str, int], only: frozenset[str] | None = None
) -> list[Any]:
    """readiness, last_activity and stalled as correlated columns of a select of Initiative.

    `only` keeps the ones a ranking needs: PostgreSQL runs each sub-select per row.
    """
    last_activity = _last_activity(dialect)
    stalled = _stalled(
        last_activity, now=scope.now, default_days=scope.default_stalled_days, thresholds=thresholds
    )
    columns = {
        "readiness": ready.readiness_score(scope.now.date()).label("readiness"),
        "last_activity": last_activity.label("last_activity"),
        "stalled": stalled.label("stalled"),
    }
    return [c for name, c in columns.items() if only is None or name in only]
