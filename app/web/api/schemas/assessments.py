"""JSON shapes of internationalisation assessments and of their portfolio summary."""

from __future__ import annotations

from typing import Any

from app.internationalisation.queries import PortfolioSummary, StoredAssessment
from app.internationalisation.scale import SWOT_FIELDS
from app.web.api.schemas.common import email_of

EXAMPLE = {
    "assessed_on": "2026-11-02",
    "level": 4,
    "groups": {
        "anchor_companies": 3,
        "universities": 3,
        "research_institutes": 2,
        "smes": 1,
        "support_organisations": None,
        "cluster_organisation": 2,
    },
    "directions": {
        "science": 3,
        "export": 2,
        "import": 1,
        "production": 1,
        "marketing": 2,
        "finance": 0,
        "human_capital": 2,
        "information_exchange": 3,
    },
    "geography": {"europe": 3, "apec": 1, "customs_union": 0, "cis": 0, "transnational": None},
    "grid": "ru-pilot-clusters/1",
    "swot": {"strengths": "Starka ankarföretag", "threats": "Valutarisk"},
    "kpis": [{"name": "Internationella projekt", "target": 4, "actual": 2, "unit": "st"}],
}


def assessment_json(stored: StoredAssessment) -> dict[str, Any]:
    row = stored.assessment
    swot = {name: getattr(row, name) for name, _ in SWOT_FIELDS if getattr(row, name)}
    return {
        "id": row.id,
        "initiative_id": row.initiative_id,
        "assessed_on": row.assessed_on.isoformat(),
        "level": row.level,
        "grid": row.grid,
        **{dimension.value: scores for dimension, scores in stored.scores.items()},
        "swot": swot or None,
        "kpis": row.kpis,
        "created_at": row.created_at.isoformat(),
        "created_by": email_of(row.created_by),
    }


def summary_json(summary: PortfolioSummary) -> dict[str, Any]:
    return {
        "initiatives": summary.initiatives,
        "assessed": summary.assessed,
        "mean_level": summary.mean_level,  # kept; the median suits the ordinal scale
        "median_level": summary.median_level,
        "level_distribution": {
            str(level): {"n": n, "share": share}
            for level, (n, share) in summary.levels.distribution().items()
        },
        "grid": summary.grid.id,
        "compared": summary.compared,
        "left_out": summary.left_out,
        **{
            dimension.value: {key: entry.as_dict() for key, entry in entries.items()}
            for dimension, entries in summary.by_key.items()
        },
    }
