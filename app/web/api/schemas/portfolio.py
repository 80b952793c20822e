"""JSON shapes of the portfolio: its rows, region settings, target dates, overdue items."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import Field

from app.phases import CATEGORY_ORDER, Item
from app.portfolio.deadlines import OverdueItem
from app.portfolio.queries import PortfolioRow
from app.portfolio.rules import STALLED_DAYS_MAX
from app.support.queries import hours_json
from app.web.api.schemas.common import Body, iso, text_json


class RegionSettingIn(Body):
    stalled_after_days: int = Field(ge=1, le=STALLED_DAYS_MAX)


class TargetDateIn(Body):
    target_date: date | None


def row_json(row: PortfolioRow, now: datetime) -> dict[str, Any]:
    return {
        "id": row.id,
        "name": row.name,
        "region": row.region,
        "sector": row.sector,
        "phase": row.phase.value,
        "closed_from": row.closed_from.value if row.closed_from else None,
        "readiness": None if row.readiness is None else round(row.readiness, 1),
        "progress": {
            c.value: {"done": row.progress[c][0], "total": row.progress[c][1]}
            for c in CATEGORY_ORDER
        },
        "days_in_phase": row.days_in_phase(now),
        "last_activity": row.last_activity.isoformat(),
        "stalled": row.stalled,
        # The support log (all time): activities, hours (a decimal) and kronor.
        "support_delivered": {
            "activities": row.support_activities,
            "hours": hours_json(row.support_hours),
            "cost_sek": row.support_cost_sek,
        },
        # The Cluster Excellence label in force today, if any.
        "label": (
            {"level": row.label_level.value, "valid_until": iso(row.label_valid_until)}
            if row.label_level is not None
            else None
        ),
        "granted_sek": row.granted_sek,
        "cofinancing_sek": row.cofinancing_sek,
        # A grant ends within 90 days: the soonest such end, and the flag.
        "grant_ending_on": iso(row.grant_ending_on),
        "grant_ending_soon": row.grant_ending_on is not None,
    }


def overdue_json(overdue: OverdueItem, today: date) -> dict[str, Any]:
    return {
        "initiative_id": overdue.initiative_id,
        "initiative": overdue.initiative_name,
        "region": overdue.region,
        "item_key": overdue.item.key,
        "text": text_json(overdue.item.text),
        "target_date": overdue.target_date.isoformat(),
        "days_overdue": overdue.days_overdue(today),
    }


def item_text_json(item: Item) -> dict[str, Any]:
    return {"key": item.key, "text": text_json(item.text)}
