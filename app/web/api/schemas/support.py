"""JSON shapes of the support log: an activity, an initiative's log, the portfolio by region."""

from __future__ import annotations

from typing import Any

from app.models.support import SupportActivity
from app.phases import Item
from app.support.queries import activity_record
from app.support.services import RegionSummary, SupportLog

EXAMPLE = {
    "on": "2026-11-02",
    "kind": "workshop",
    "hours": 6.5,
    "cost_sek": 12000,
    "item_key": "pilot.support.tailored_support",
    "note": "Strategiworkshop med styrgruppen.",
}


def activity_json(activity: SupportActivity, items: dict[str, Item]) -> dict[str, Any]:
    return activity_record(activity, items)


def log_json(log: SupportLog) -> dict[str, Any]:
    totals = log.totals.as_dict()
    return {
        "items": [activity_json(a, log.items) for a in log.activities],
        "hours": totals["hours"],
        "cost_sek": totals["cost_sek"],
    }


def regions_json(summary: RegionSummary) -> dict[str, Any]:
    return {
        "items": [{"region": region, **totals.as_dict()} for region, totals in summary.items],
        "total": summary.total.as_dict(),
    }
