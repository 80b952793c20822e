"""The published phase models: looking one up by version, and their JSON shapes."""

from __future__ import annotations

from typing import Any

from fastapi import HTTPException

from app.phases import (
    MODELS,
    PUBLISHED,
    Item,
    PhaseModel,
    UnknownModelVersion,
    get_model,
    latest_version,
)
from app.web.api.schemas.common import text_json


def published_model(version: str | None) -> PhaseModel:
    """The model of `version` (the newest when None); 404 for a version never published."""
    try:
        return get_model(version or latest_version())
    except UnknownModelVersion:
        raise HTTPException(404, f"No phase model version {version!r}.") from None


def item_definition_json(item: Item) -> dict[str, Any]:
    return {
        "key": item.key,
        "phase": item.phase.value,
        "category": item.category.value,
        "text": text_json(item.text),
        "required": item.required,
        "evidence": item.evidence.value,
        "heading": item.heading,
    }


def phase_model_json(model: PhaseModel) -> dict[str, Any]:
    return {
        "version": model.version,
        "title": text_json(model.title),
        "source": model.source,
        "phases": [
            {
                "key": spec.phase.value,
                "name": text_json(spec.name),
                "checklists": [
                    {
                        "category": checklist.category.value,
                        "title": text_json(checklist.title),
                        "items": [item_definition_json(i) for i in checklist.items],
                    }
                    for checklist in spec.checklists
                ],
            }
            for spec in model.phases
        ],
    }


def published_json(version: str) -> dict[str, Any]:
    model, record = MODELS[version], PUBLISHED[version]
    return {
        "version": version,
        "title": text_json(model.title),
        "fingerprint": record.fingerprint,
        "published": record.published.isoformat(),
        "items": len(model.tickable_items),  # checklist items; headings are counted apart
        "headings": len(model.headings),
        "latest": version == latest_version(),
    }
