"""The phase model: JSON for integrations and a readable page."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse

from app.phases import CURRENT_VERSION, MODELS, UnknownModelVersion, get_model
from app.web.deps import PageUser
from app.web.schemas import phase_model_json
from app.web.templating import render

router = APIRouter(tags=["phase model"])


def _model_or_404(version: str | None) -> Any:
    try:
        return get_model(version or CURRENT_VERSION)
    except UnknownModelVersion:
        raise HTTPException(404, f"No phase model version {version!r}.") from None


@router.get("/api/phase-model")
def phase_model(version: str | None = None) -> dict[str, Any]:
    """The whole model (public: it is the published method, not initiative data)."""
    return {**phase_model_json(_model_or_404(version)), "versions": sorted(MODELS)}


@router.get("/phase-model", response_class=HTMLResponse, include_in_schema=False)
def phase_model_page(request: Request, user: PageUser, version: str | None = None) -> HTMLResponse:
    model = _model_or_404(version)
    return render(request, "phase_model.html", {"model": model, "versions": sorted(MODELS)})
