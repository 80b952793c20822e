"""JSON shapes of grants, funding organisations and the portfolio's financing."""

from __future__ import annotations

from typing import Any

from app.grants import queries
from app.models.grants import FundingOrganisation, Grant

EXAMPLE: dict[str, Any] = {
    "funder": 1,
    "programme": "Regional utvecklingsfond, klusterstöd",
    "amount_sek": 1_500_000,
    "cofinancing_cash_sek": 400_000,
    "cofinancing_in_kind_sek": 350_000,
    "starts_on": "2026-01-01",
    "ends_on": "2027-12-31",
    "phases": ["pilot", "establishment"],
    "reporting_dates": ["2026-06-30", "2027-01-31"],
}


def organisation_json(organisation: FundingOrganisation) -> dict[str, Any]:
    return {"id": organisation.id, "name": organisation.name}


def grant_json(grant: Grant) -> dict[str, Any]:
    return queries.grant_record(grant)


def grants_json(found: list[Grant]) -> dict[str, Any]:
    total, cofinancing = queries.totals(found)
    return {
        "items": [grant_json(g) for g in found],
        "total_sek": total,
        "cofinancing_sek": cofinancing,
    }


def financing_json(summary: queries.Financing) -> dict[str, Any]:
    total = summary.total.as_dict()
    del total["key"]
    return {"items": [line.as_dict() for line in summary.items], "total": total}
