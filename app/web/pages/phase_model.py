"""The phase model's readable pages: a published version, and what changed between two."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from app.domain.model_diff import diff_models
from app.phases import MODELS, latest_version
from app.web.api.schemas.phase_model import published_json, published_model
from app.web.deps import PageUser
from app.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/phase-model", response_class=HTMLResponse)
def phase_model_page(request: Request, user: PageUser, version: str | None = None) -> HTMLResponse:
    model = published_model(version)
    context = {
        "model": model,
        "versions": [published_json(v) for v in MODELS],
        "latest": latest_version(),
    }
    return render(request, "phase_model.html", context)


@router.get("/phase-model/diff", response_class=HTMLResponse)
def phase_model_diff_page(
    request: Request,
    user: PageUser,
    from_version: Annotated[str | None, Query(alias="from", max_length=60)] = None,
    to_version: Annotated[str | None, Query(alias="to", max_length=60)] = None,
) -> HTMLResponse:
    versions = list(MODELS)
    new = published_model(to_version or versions[-1])
    # Without `from`, compare with the version published just before `to`.
    before = versions[max(versions.index(new.version) - 1, 0)]
    old = published_model(from_version or before)
    context = {"diff": diff_models(old, new), "old": old, "new": new, "versions": versions}
    return render(request, "phase_model_diff.html", context)
