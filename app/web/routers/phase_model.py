"""The phase model: JSON for integrations and readable pages, for every published version."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse

from app.domain.model_diff import diff_models
from app.phases import MODELS, PhaseModel, UnknownModelVersion, get_model, latest_version
from app.web.deps import PageUser
from app.web.model_version_schemas import published_json
from app.web.schemas import phase_model_json
from app.web.templating import render

router = APIRouter(tags=["phase model"])

NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"description": "No such published version"}}


def _model_or_404(version: str | None) -> PhaseModel:
    try:
        return get_model(version or latest_version())
    except UnknownModelVersion:
        raise HTTPException(404, f"No phase model version {version!r}.") from None


# The models are public: they are the published method, not initiative data.
@router.get("/api/phase-model", responses=NOT_FOUND)
def phase_model(version: str | None = None) -> dict[str, Any]:
    """The whole model (the newest version unless `version` names another)."""
    return {**phase_model_json(_model_or_404(version)), "versions": list(MODELS)}


@router.get("/api/phase-models")
def phase_models() -> dict[str, Any]:
    """Every published version, oldest first, with its fingerprint and publishing date."""
    return {"items": [published_json(v) for v in MODELS], "latest": latest_version()}


FromVersion = Annotated[str, Query(alias="from", min_length=1, max_length=60)]
ToVersion = Annotated[str, Query(alias="to", min_length=1, max_length=60)]


@router.get("/api/phase-models/diff", responses=NOT_FOUND)
def phase_models_diff(from_version: FromVersion, to_version: ToVersion) -> dict[str, Any]:
    """Items added, removed and changed (naming the changed fields) between two versions."""
    return diff_models(_model_or_404(from_version), _model_or_404(to_version)).as_dict()


@router.get("/api/phase-models/{version:path}", responses=NOT_FOUND)
def phase_model_version(version: str) -> dict[str, Any]:
    model = _model_or_404(version)
    return {**phase_model_json(model), **published_json(model.version)}


@router.get("/phase-model", response_class=HTMLResponse, include_in_schema=False)
def phase_model_page(request: Request, user: PageUser, version: str | None = None) -> HTMLResponse:
    model = _model_or_404(version)
    context = {
        "model": model,
        "versions": [published_json(v) for v in MODELS],
        "latest": latest_version(),
    }
    return render(request, "phase_model.html", context)


@router.get("/phase-model/diff", response_class=HTMLResponse, include_in_schema=False)
def phase_model_diff_page(
    request: Request,
    user: PageUser,
    from_version: Annotated[str | None, Query(alias="from", max_length=60)] = None,
    to_version: Annotated[str | None, Query(alias="to", max_length=60)] = None,
) -> HTMLResponse:
    versions = list(MODELS)
    new = _model_or_404(to_version or versions[-1])
    # Without `from`, compare with the version published just before `to`.
    before = versions[max(versions.index(new.version) - 1, 0)]
    old = _model_or_404(from_version or before)
    context = {"diff": diff_models(old, new), "old": old, "new": new, "versions": versions}
    return render(request, "phase_model_diff.html", context)
