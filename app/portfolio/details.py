"""The columns of the portfolio's rows for a set of initiatives: scores, checklist
progress, support delivered, grants and the label in force.

Progress is the stored figures of the current phase (app/readiness); items are counted
live only for the rare initiative whose figures no longer hold today. The dashboard's
statement is built once an hour, its page's ids bound at run time: building and keying
a statement this size cost SQLAlchemy more than SQLite takes to run it.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import Select, String, and_, bindparam, case, func, or_, select, type_coerce
from sqlalchemy.orm import Session, aliased

from app.excellence import queries as excellence_queries
from app.grants.queries import grant_figures
from app.initiatives import listing as initiative_listing
from app.models.initiatives import Initiative, ItemState
from app.models.readiness import PhaseReadiness
from app.phases import Category, get_model
from app.portfolio import readiness as ready
from app.portfolio.scores import scores
from app.readiness import queries as readiness_queries
from app.readiness.rules import PhaseFigures, figures
from app.support import queries as support_queries


@lru_cache(maxsize=4)  # the same expressions all day (they carry the date): build them once
def _item_sums(today: date) -> tuple[Any, ...]:
    phase_text = type_coerce(Initiative.phase, String)
    settled = ready.settled_clause(today)
    columns: list[Any] = []
    for category in Category:
        in_category = and_(
            ItemState.item_key.like(phase_text + ".%"),
            initiative_listing.category_clause(category),  # headings left out
        )
        columns += [
            func.sum(case((in_category, 1), else_=0)).label(f"{category.value}_total"),
            func.sum(case((and_(in_category, settled), 1), else_=0)).label(
                f"{category.value}_done"
            ),
        ]
    return tuple(columns)


def _stale_ids(ids: Any, today: date) -> Select[Any]:
    """The initiatives among `ids` whose stored figures for the current phase are missing or
    past their `renewal_due_on`."""
    fresh = (
        select(PhaseReadiness.initiative_id)
        .where(
            PhaseReadiness.initiative_id == Initiative.id,
            PhaseReadiness.phase == Initiative.phase,
            or_(PhaseReadiness.renewal_due_on.is_(None), PhaseReadiness.renewal_due_on >= today),
        )
        .correlate(Initiative)
    )
    return select(Initiative.id).where(Initiative.id.in_(ids), ~fresh.exists())


def _with_figures(
    ids: Any, now: datetime, *columns: Any, stored_readiness: bool = False
) -> Select[Any]:
    """Initiatives whose id is in `ids` with `columns`, then the figures every row shows:
    support delivered, the label in force, the stored figures of the current phase (its
    readiness too, if asked) and the grants."""
    stored = aliased(PhaseReadiness, name="stored")
    grants = grant_figures(ids, now)
    support = support_queries.totals_by_initiative(ids)
    level, valid_until = excellence_queries.label_in_force(now.date())
    if stored_readiness:
        columns = (*columns, stored.readiness.label("readiness"))
    return (
        select(
            Initiative,
            *columns,
            func.coalesce(support.c.support_activities, 0).label("support_activities"),
            func.coalesce(support.c.support_hours, 0).label("support_hours"),
            func.coalesce(support.c.support_cost_sek, 0).label("support_cost_sek"),
            level.label("label_level"),
            valid_until.label("label_valid_until"),
            stored.checklists.label("checklists"),
            stored.renewal_due_on.label("renewal_due_on"),
            grants.c.granted_sek,
            grants.c.cofinancing_sek,
            grants.c.grant_ending_on,
        )
        .outerjoin(
            stored,
            and_(stored.initiative_id == Initiative.id, stored.phase == Initiative.phase),
        )
        .outerjoin(grants, grants.c.initiative_id == Initiative.id)
        .outerjoin(support, support.c.initiative_id == Initiative.id)
        .where(Initiative.id.in_(ids))
    )


def rows_select(ids: Any, now: datetime, scores: list[Any]) -> Select[Any]:
    """Initiatives whose id is in `ids`, with `scores` and every figure of their row."""
    today = now.date()
    items = (
        select(ItemState.initiative_id.label("initiative_id"), *_item_sums(today))
        .join(Initiative, Initiative.id == ItemState.initiative_id)
        .where(ItemState.initiative_id.in_(_stale_ids(ids, today)))
        .group_by(ItemState.initiative_id)
        .subquery("items")
    )
    sums = (items.c[f"{c.value}_{kind}"] for c in Category for kind in ("done", "total"))
    return _with_figures(ids, now, *scores, *sums).outerjoin(
        items, items.c.initiative_id == Initiative.id
    )


@lru_cache(maxsize=8)
def page_rows(dialect: str, hour: datetime) -> Select[Any]:
    """The rows of the ids bound as `ids`, with the stored readiness and checklists of the
    current phase as they are (the caller checks that they hold today) and last activity.
    `hour` carries the day, UTC and local (for the grants ending soon): an hour builds it
    once. Small on purpose: PostgreSQL plans it on every execution."""
    ids: Any = bindparam("ids", expanding=True)
    (last_activity,) = scores(
        dialect, now=hour, default_stalled_days=0, thresholds={}, only=frozenset({"last_activity"})
    )
    return _with_figures(ids, hour, last_activity, stored_readiness=True)


def holds(mapping: Any, today: date) -> bool:
    """The stored figures of the current phase are there and hold on `today`."""
    due = mapping.get("renewal_due_on")
    return mapping.get("checklists") is not None and (due is None or due >= today)


def progress(mapping: Any, today: date | None) -> dict[Category, tuple[int, int]]:
    """(settled, all) per checklist of the current phase: stored, or counted live."""
    if today is not None and holds(mapping, today):
        counts = {c: mapping["checklists"].get(c.value) or {} for c in Category}
        return {
            c: (n.get("done", 0), n.get("done", 0) + n.get("open", 0)) for c, n in counts.items()
        }
    return {
        c: (int(mapping.get(f"{c.value}_done") or 0), int(mapping.get(f"{c.value}_total") or 0))
        for c in Category
    }


def live_figures(session: Session, rows: list[Any], today: date) -> dict[int, PhaseFigures]:
    """The current phase's figures computed from the item states, for the rows whose stored
    ones are missing or no longer hold (usually none: then no query)."""
    if not rows:
        return {}
    ids = [row.id for row in rows]
    states, pieces = readiness_queries.facts(session, ids)
    found = {}
    for row in rows:
        model = get_model(row.model_version)
        fresh = figures(model, states[row.id], pieces[row.id], today)
        found[row.id] = next(f for f in fresh if f.phase == row.phase)
    return found
