"""Portfolio analytics: the phase funnel and time in phase (support delivered: app/support).

Each figure is one query over the filtered, visible initiatives (`ids`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from app.models.initiatives import Initiative, Transition
from app.phases import PHASE_ORDER, Phase
from app.portfolio.rules import five_numbers


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


def time_in_phase(
    session: Session, ids: Select[Any]
) -> dict[Phase, tuple[float, float, float, float, float] | None]:
    """Days spent in each phase by the stays the history records as finished."""
    started = func.lag(Transition.created_at).over(
        partition_by=Transition.initiative_id, order_by=(Transition.created_at, Transition.id)
    )
    query = (
        select(Transition.from_phase, Transition.created_at, started, Initiative.created_at)
        .join(Initiative, Initiative.id == Transition.initiative_id)
        .where(Transition.initiative_id.in_(ids))
    )
    days: dict[Phase, list[float]] = {p: [] for p in PHASE_ORDER}
    for phase, left, entered, created in session.execute(query):
        begin = entered or created
        if phase in days and begin is not None:
            # lag() loses the column type on SQLite: parse its text back.
            if isinstance(begin, str):
                begin = datetime.fromisoformat(begin).replace(tzinfo=left.tzinfo)
            days[phase].append(max(0.0, (left - begin).total_seconds() / 86400))
    return {p: five_numbers(v) if v else None for p, v in days.items()}
