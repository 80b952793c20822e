"""JSON shapes of an initiative's moves between phase-model versions."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from app.models.initiatives import ModelVersionChange
from app.web.api.schemas.common import Body, email_of


class ModelVersionIn(Body):
    to_version: str = Field(min_length=1, max_length=60)
    expected_from_version: str = Field(
        min_length=1,
        max_length=60,
        description="Refuse with 409 unless the initiative still follows this version.",
    )


def version_change_json(change: ModelVersionChange) -> dict[str, Any]:
    return {
        "id": change.id,
        "from_version": change.from_version,
        "to_version": change.to_version,
        "actor": email_of(change.actor),
        "at": change.created_at.isoformat(),
        "diff": change.diff,
    }
