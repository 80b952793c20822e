"""JSON shapes of Cluster Excellence labels, alone and in the portfolio."""

from __future__ import annotations

from datetime import date
from typing import Any

from app.excellence.queries import label_record
from app.excellence.rules import days_left
from app.models.excellence import ClusterLabel
from app.models.initiatives import Initiative

EXAMPLE = {
    "level": "bronze",
    "awarded_on": "2026-03-12",
    "valid_until": "2028-03-12",
    "assessing_organisation": "ESCA – European Secretariat for Cluster Analysis",
    "evidence_id": 17,
}


def label_json(label: ClusterLabel) -> dict[str, Any]:
    return label_record(label)


def portfolio_label_json(
    label: ClusterLabel, initiative: Initiative, today: date
) -> dict[str, Any]:
    return {
        **label_record(label),
        "initiative": {"id": initiative.id, "name": initiative.name, "region": initiative.region},
        "days_left": days_left(label.valid_until, today),
    }
