"""JSON API of the phase model, for integrations: every published version and their diffs."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from app.domain.model_diff import diff_models
from app.phases import MODELS, latest_version
from app.web.api.schemas.phase_model import phase_model_json, published_json, published_model

# The models are public: they are the published method, not initiative data.
router = APIRouter(prefix="/api", tags=["phase model"])

NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"description": "No such published version"}}

FromVersion = Annotated[str, Query(alias="from", min_length=1, max_length=60)]
ToVersion = Annotated[str, Query(alias="to", min_length=1, max_length=60)]


@router.get("/phase-model", responses=NOT_FOUND)
def phase_model(version: str | None = None) -> dict[str, Any]:
    """The whole model (the newest version unless `version` names another)."""
    return {**phase_model_json(published_model(version)), "versions": list(MODELS)}


@router.get("/phase-models")
def phase_models() -> dict[str, Any]:
    """Every published version, oldest first, with its fingerprint and publishing date."""
    return {"items": [published_json(v) for v in MODELS], "latest": latest_version()}


@router.get("/phase-models/diff", responses=NOT_FOUND)
def phase_models_diff(from_version: FromVersion, to_version: ToVersion) -> dict[str, Any]:
    """Items added, removed and changed (naming the changed fields) between two versions."""
    return diff_models(published_model(from_version), published_model(to_version)).as_dict()


@router.get("/phase-models/{version:path}", responses=NOT_FOUND)
def phase_model_version(version: str) -> dict[str, Any]:
    model = published_model(version)
    return {**phase_model_json(model), **published_json(model.version)}
