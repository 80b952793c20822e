"""JSON shapes for phase-model versions and moves between them."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from app.models import ModelVersionChange
from app.phases import MODELS, PUBLISHED, latest_version
from app.web.schemas import text_json


class ModelVersionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    to_version: str = Field(min_length=1, max_length=60)
    expected_from_version: str = Field(
        min_length=1,
        max_length=60,
        description="Refuse with 409 unless the initiative still follows this version.",
    )


def published_json(version: str) -> dict[str, Any]:
    model, record = MODELS[version], PUBLISHED[version]
    return {
        "version": version,
        "title": text_json(model.title),
        "fingerprint": record.fingerprint,
        "published": record.published.isoformat(),
        "items": len(model.items),
        "latest": version == latest_version(),
    }


def version_change_json(change: ModelVersionChange) -> dict[str, Any]:
    return {
        "id": change.id,
        "from_version": change.from_version,
        "to_version": change.to_version,
        "actor": change.actor.email if change.actor else None,
        "at": change.created_at.isoformat(),
        "diff": change.diff,
    }
