"""Reads of the support log: one initiative's activities and totals, and the portfolio's
figures (per region, per initiative, per month) summed in SQL over the chosen initiatives.

Hours are Numeric(6, 2): sums come back as Decimal on both databases (SQLite keeps them
as floats, which SQLAlchemy rounds back to the column's two decimals), so the totals
are exact to the hundredth of an hour and to the krona.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any

from sqlalchemy import ColumnElement, Select, Subquery, and_, bindparam, extract, func, select
from sqlalchemy.orm import Session, joinedload

from app.models.initiatives import Initiative
from app.models.support import SupportActivity
from app.phases import Item, get_model
from app.support.rules import SupportKind

CENT = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class Totals:
    activities: int
    hours: Decimal
    cost_sek: int

    def __add__(self, other: Totals) -> Totals:
        return Totals(
            self.activities + other.activities, self.hours + other.hours,
            self.cost_sek + other.cost_sek,
        )  # fmt: skip

    def as_dict(self) -> dict[str, Any]:
        return {"activities": self.activities, "hours": hours_json(self.hours),
                "cost_sek": self.cost_sek}  # fmt: skip


NONE = Totals(0, Decimal("0.00"), 0)


def hours_json(hours: Decimal) -> float | int:
    """Hours as a JSON number: whole hours as integers, else the (exact) decimal's float."""
    return int(hours) if hours == hours.to_integral_value() else float(hours)


def _totals(n: Any, hours: Any, cost: Any) -> Totals:
    return Totals(int(n or 0), Decimal(hours or 0).quantize(CENT), int(cost or 0))


def _sums() -> tuple[Any, Any, Any]:
    return (
        func.count(SupportActivity.id),
        func.coalesce(func.sum(SupportActivity.hours), 0),
        func.coalesce(func.sum(SupportActivity.cost_sek), 0),
    )


def _within(start: date | None, end: date | None) -> list[ColumnElement[bool]]:
    period = []
    if start is not None:
        period.append(SupportActivity.delivered_on >= start)
    if end is not None:
        period.append(SupportActivity.delivered_on <= end)
    return period


# --- one initiative ---


def activities(session: Session, initiative_id: int) -> Sequence[SupportActivity]:
    """Newest first, with who recorded each: one query."""
    return session.scalars(_activities(), {"initiative_id": initiative_id}).all()


# Read on every initiative page: built once (app.initiatives.queries says why).
@cache
def _activities() -> Select[SupportActivity]:
    return (
        select(SupportActivity)
        .options(joinedload(SupportActivity.created_by))
        .where(SupportActivity.initiative_id == bindparam("initiative_id"))
        .order_by(SupportActivity.delivered_on.desc(), SupportActivity.id.desc())
    )


def totals(session: Session, initiative_id: int) -> Totals:
    row = session.execute(
        select(*_sums()).where(SupportActivity.initiative_id == initiative_id)
    ).one()
    return _totals(*row)


def by_kind(session: Session, initiative_id: int) -> dict[SupportKind, Totals]:
    """The kinds of support the initiative has had, most hours first."""
    rows = session.execute(
        select(SupportActivity.kind, *_sums())
        .where(SupportActivity.initiative_id == initiative_id)
        .group_by(SupportActivity.kind)
        .order_by(func.sum(SupportActivity.hours).desc(), SupportActivity.kind)
    )
    return {SupportKind(kind): _totals(n, h, c) for kind, n, h, c in rows}


def activity_record(activity: SupportActivity, items: Mapping[str, Item]) -> dict[str, Any]:
    """An activity as plain JSON: the API, the audit pack and the reports read these fields.
    `items` are the phase model's items by key, for the text of the one it delivers."""
    item = items.get(activity.item_key) if activity.item_key else None
    return {
        "id": activity.id,
        "initiative_id": activity.initiative_id,
        "on": activity.delivered_on.isoformat(),
        "kind": activity.kind.value,
        "hours": hours_json(activity.hours),
        "cost_sek": activity.cost_sek,
        "item_key": activity.item_key,
        "item_text": {"sv": item.text.sv, "en": item.text.en} if item else None,
        "note": activity.note,
        "created_at": activity.created_at.isoformat(),
        "created_by": activity.created_by.email if activity.created_by else None,
    }


def export(session: Session, initiative: Initiative) -> dict[str, Any]:
    """The log for the audit pack's initiative.json and the initiative report: two queries."""
    model = get_model(initiative.model_version)
    items = {item.key: item for item in model.items}
    return {
        "items": [activity_record(a, items) for a in activities(session, initiative.id)],
        **totals(session, initiative.id).as_dict(),
    }


# --- the portfolio: `ids` selects the initiatives it covers ---


def totals_by_initiative(ids: Any) -> Subquery:
    """Per initiative whose id is in `ids`: its activities, hours and kronor (all time),
    to join into the portfolio's rows."""
    return (
        select(
            SupportActivity.initiative_id.label("initiative_id"),
            func.count(SupportActivity.id).label("support_activities"),
            func.sum(SupportActivity.hours).label("support_hours"),
            func.sum(SupportActivity.cost_sek).label("support_cost_sek"),
        )
        .where(SupportActivity.initiative_id.in_(ids))
        .group_by(SupportActivity.initiative_id)
        .subquery("support")
    )


def by_region(
    session: Session, ids: Select[Any], *, start: date | None, end: date | None
) -> list[tuple[str, Totals]]:
    """Every region of the chosen initiatives, with what they had in the period (or none)."""
    joined = and_(SupportActivity.initiative_id == Initiative.id, *_within(start, end))
    rows = session.execute(
        select(Initiative.region, *_sums())
        .outerjoin(SupportActivity, joined)
        .where(Initiative.id.in_(ids))
        .group_by(Initiative.region)
        .order_by(Initiative.region)
    )
    return [(region, _totals(n, h, c)) for region, n, h, c in rows]


def by_region_month(
    session: Session, ids: Select[Any], *, start: date | None, end: date | None
) -> list[tuple[str, int, int, Totals]]:
    """(region, year, month, totals) for each month with any support in the period."""
    year = extract("year", SupportActivity.delivered_on)
    month = extract("month", SupportActivity.delivered_on)
    rows = session.execute(
        select(Initiative.region, year, month, *_sums())
        .join(Initiative, Initiative.id == SupportActivity.initiative_id)
        .where(SupportActivity.initiative_id.in_(ids), *_within(start, end))
        .group_by(Initiative.region, year, month)
    )
    return [(r, int(y), int(m), _totals(n, h, c)) for r, y, m, n, h, c in rows]


def by_initiative(
    session: Session, ids: Select[Any], *, start: date | None, end: date | None, limit: int
) -> list[tuple[int, str, Totals]]:
    """The initiatives that had the most hours of support in the period, most first."""
    hours = func.sum(SupportActivity.hours)
    rows = session.execute(
        select(Initiative.id, Initiative.name, *_sums())
        .join(SupportActivity, SupportActivity.initiative_id == Initiative.id)
        .where(Initiative.id.in_(ids), *_within(start, end))
        .group_by(Initiative.id, Initiative.name)
        .order_by(hours.desc(), Initiative.name, Initiative.id)
        .limit(limit)
    )
    return [(i, name, _totals(n, h, c)) for i, name, n, h, c in rows]
