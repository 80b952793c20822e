"""Moving an initiative to a newer phase-model version: the preview page and the confirm form."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app import errors
from app.flashes import Flash
from app.versions import services as model_versions
from app.web.deps import PageInitiative, PageUser, SessionDep
from app.web.problems import Refusal
from app.web.security import flash
from app.web.templating import render

router = APIRouter(include_in_schema=False)


def _preview_page(
    request: Request,
    preview: model_versions.MovePreview,
) -> HTMLResponse:
    context: dict[str, Any] = {
        "preview": preview,
        "initiative": preview.initiative,
        "impact": preview.impact,
        "diff": preview.impact.diff,
        "old": preview.old,
        "new": preview.new,
    }
    return render(request, "initiatives/model_version.html", context)


@router.get("/initiatives/{initiative_id}/model-version", response_class=HTMLResponse)
def preview_page(
    request: Request, initiative: PageInitiative, session: SessionDep, user: PageUser, to: str = ""
) -> HTMLResponse:
    preview = model_versions.preview_move(
        session, actor=user, initiative_id=initiative.id, to_version=to
    )
    return _preview_page(request, preview)


@router.post("/initiatives/{initiative_id}/model-version", response_class=HTMLResponse)
def move(
    request: Request,
    initiative_id: int,
    session: SessionDep,
    user: PageUser,
    to_version: Annotated[str, Form()] = "",
    expected_from_version: Annotated[str, Form()] = "",
) -> Response:
    with Refusal(errors.Conflict) as stale:
        model_versions.move_initiative_to_version(
            session,
            actor=user,
            initiative_id=initiative_id,
            to_version=to_version,
            expected_from_version=expected_from_version,
        )
    if stale:  # someone moved it first: the page shows where it stands now
        flash(request, Flash.MODEL_MOVE_STALE, "error")
    else:
        flash(request, Flash.MODEL_MOVED, "success")
    return RedirectResponse(f"/initiatives/{initiative_id}", status_code=303)
