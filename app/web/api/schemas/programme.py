"""JSON shapes of the internationalisation programme."""

from __future__ import annotations

from typing import Any

from app.internationalisation.programme.queries import Programme
from app.internationalisation.programme.rules import progress
from app.internationalisation.scale import KEY_DIRECTION_NAMES
from app.models.assessments import ProgrammeIndicator, ProgrammeMeasure, ProgrammeReview
from app.web.api.schemas.common import text_json

MEASURE_EXAMPLE = {
    "direction": "production_markets",
    "title": "Gemensam monter på Heimtextil",
    "owner": "Lars Processledare",
    "due_on": "2027-01-15",
    "indicators": [
        {"name": "Exportkontakter", "unit": "st", "baseline": 2, "target": 10, "actual": 4}
    ],
}
REVIEW_EXAMPLE = {
    "reviewed_on": "2026-11-20",
    "body": "Klusterrådet",
    "changes": "Målet för exportkontakter höjdes till 12.",
}


def indicator_json(indicator: ProgrammeIndicator) -> dict[str, Any]:
    return {
        "id": indicator.id,
        "name": indicator.name,
        "unit": indicator.unit,
        "baseline": indicator.baseline,
        "target": indicator.target,
        "actual": indicator.actual,
        "progress": progress(indicator.baseline, indicator.target, indicator.actual),
        "updated_at": indicator.updated_at.isoformat(),
    }


def measure_json(measure: ProgrammeMeasure) -> dict[str, Any]:
    return {
        "id": measure.id,
        "direction": measure.direction,
        "title": measure.title,
        "owner": measure.owner,
        "due_on": measure.due_on.isoformat(),
        "indicators": [indicator_json(i) for i in measure.indicators],
        "created_at": measure.created_at.isoformat(),
    }


def review_json(review: ProgrammeReview) -> dict[str, Any]:
    return {
        "id": review.id,
        "reviewed_on": review.reviewed_on.isoformat(),
        "body": review.body,
        "changes": review.changes,
        "created_at": review.created_at.isoformat(),
    }


def programme_json(initiative_id: int, programme: Programme) -> dict[str, Any]:
    due = programme.next_review_due
    return {
        "initiative_id": initiative_id,
        "directions": [
            {
                "key": direction.value,
                "name": text_json(KEY_DIRECTION_NAMES[direction]),
                "measures": [measure_json(m) for m in measures],
            }
            for direction, measures in programme.measures.items()
        ],
        "reviews": [review_json(r) for r in programme.reviews],
        "next_review_due": due.isoformat() if due else None,
    }
