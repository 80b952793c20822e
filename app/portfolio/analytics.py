"""Portfolio analytics: the phase funnel and time in phase (support delivered: app/support).

Each figure is one query over the filtered, visible initiatives (`ids`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, literal, select
from sqlalchemy.orm import Session

from app.models.initiatives import Initiative, Transition
from app.phases import PHASE_ORDER, Phase


@dataclass(frozen=True)
class Funnel:
    now: dict[Phase, int]  # initiatives in each phase today
    entered: dict[Phase, int]  # transitions into each phase within the period


def funnel(session: Session, ids: Select[Any], *, since: datetime) -> Funnel:
    now = dict(
        session.execute(
            select(Initiative.phase, func.count())
            .where(Initiative.id.in_(ids))
            .group_by(Initiative.phase)
        ).all()
    )
    entered = dict(
        session.execute(
            select(Transition.to_phase, func.count())
            .where(Transition.initiative_id.in_(ids), Transition.created_at >= since)
            .group_by(Transition.to_phase)
        ).all()
    )
    return Funnel(now, entered)


def _days(dialect: str, later: Any, earlier: Any) -> Any:
    """Days between two moments, as a float, in SQL."""
    if dialect == "postgresql":
        return func.extract("epoch", later - earlier) / 86400.0
    # lag() loses the column type on SQLite: julianday() reads the stored text either way.
    return func.julianday(later) - func.julianday(earlier)


def _quartile_ranks(count: Any) -> list[Any]:
    """The 1-based ranks the box plot reads among `count` sorted values: the ends, and the
    two values each quartile interpolates between (statistics.quantiles, exclusive)."""
    ranks: list[Any] = [literal(1), literal(2), count - 1, count]
    for k in (1, 2, 3):
        at = (count + 1) * k // 4
        ranks += [at, at + 1]
    return ranks


def _five(count: int, value: dict[int, float]) -> tuple[float, float, float, float, float]:
    """`rules.five_numbers` of `count` sorted values of which `value` holds the ranks read."""
    low, high = value[1], value[count]
    if count == 1:
        return low, low, low, low, low
    quartiles = []
    for k in (1, 2, 3):
        j = min(max((count + 1) * k // 4, 1), count - 1)
        delta = (count + 1) * k - j * 4
        quartiles.append((value[j] * (4 - delta) + value[j + 1] * delta) / 4)
    q1, median, q3 = quartiles
    return low, max(q1, low), median, min(q3, high), high


def time_in_phase(
    session: Session, ids: Select[Any]
) -> dict[Phase, tuple[float, float, float, float, float] | None]:
    """Days spent in each phase by the stays the history records as finished: ranked in
    SQL, so only the few values each box plot reads leave the database."""
    dialect = session.get_bind().dialect.name
    started = func.lag(Transition.created_at).over(
        partition_by=Transition.initiative_id, order_by=(Transition.created_at, Transition.id)
    )
    stays = (
        select(
            Transition.from_phase.label("phase"),
            Transition.created_at.label("left_at"),
            func.coalesce(started, Initiative.created_at).label("began"),
        )
        .join(Initiative, Initiative.id == Transition.initiative_id)
        .where(Transition.initiative_id.in_(ids))
        .subquery("stays")
    )
    raw = _days(dialect, stays.c.left_at, stays.c.began)
    # SQLite's two-argument max() is PostgreSQL's greatest(): a stay lasts at least 0 days.
    days = func.greatest(raw, 0.0) if dialect == "postgresql" else func.max(raw, 0.0)
    spans = select(stays.c.phase, days.label("days")).where(stays.c.began.is_not(None)).subquery()
    ranked = select(
        spans.c.phase,
        spans.c.days,
        func.row_number().over(partition_by=spans.c.phase, order_by=spans.c.days).label("rank"),
        func.count().over(partition_by=spans.c.phase).label("n"),
    ).subquery("ranked")
    query = select(ranked.c.phase, ranked.c.rank, ranked.c.n, ranked.c.days).where(
        ranked.c.rank.in_(_quartile_ranks(ranked.c.n))
    )
    found: dict[Phase, tuple[int, dict[int, float]]] = {}
    for phase, rank, count, value in session.execute(query):
        if phase in PHASE_ORDER:
            found.setdefault(phase, (int(count), {}))[1][int(rank)] = float(value)
    return {p: _five(*found[p]) if p in found else None for p in PHASE_ORDER}
