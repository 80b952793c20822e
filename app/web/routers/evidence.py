"""Evidence on the initiative page: add a piece, withdraw one, download a document."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from app import evidence, services
from app.models import Evidence
from app.web.deps import PageUser, SessionDep, StoreDep
from app.web.downloads import file_response
from app.web.routers.initiatives import item_anchor, page_context
from app.web.security import flash
from app.web.templating import is_partial_request, render
from app.web.uploads import evidence_from_form

router = APIRouter(include_in_schema=False)


def _item_response(
    request: Request,
    session: SessionDep,
    user: PageUser,
    initiative_id: int,
    key: str,
    *,
    error: services.InvalidInput | None = None,
    entered: dict[str, Any] | None = None,
    status_code: int = 200,
) -> Response:
    if not is_partial_request(request):
        flash(request, "evidence_saved" if error is None else "evidence_not_saved", "info")
        return RedirectResponse(f"/initiatives/{initiative_id}#{item_anchor(key)}", status_code=303)
    view = services.initiative_view(session, user=user, initiative_id=initiative_id)
    context = {
        **page_context(view, view.initiative.phase),
        "item": view.model.item(key),
        "evidence_error": error,
        "evidence_entered": entered,
    }
    return render(request, "initiatives/_item_saved.html", context, status_code=status_code)


@router.post("/initiatives/{initiative_id}/items/{key}/evidence")
async def add(
    request: Request,
    initiative_id: int,
    key: str,
    session: SessionDep,
    user: PageUser,
    store: StoreDep,
) -> Response:
    limit: int = request.app.state.settings.upload_max_bytes
    entered: dict[str, Any] | None = None
    try:
        new = await evidence_from_form(request, limit)
        entered = {
            "kind": new.kind,
            "note": new.note,
            "url": new.url,
            "effective_on": new.effective_on,
            "expires_on": new.expires_on,
        }
        evidence.add_evidence(
            session,
            actor=user,
            initiative_id=initiative_id,
            key=key,
            new=new,
            store=store,
            max_bytes=limit,
        )
    except services.InvalidInput as error:
        session.rollback()
        return _item_response(
            request,
            session,
            user,
            initiative_id,
            key,
            error=error,
            entered=entered,
            status_code=422,
        )
    except HTTPException as error:
        if error.status_code != 413:
            raise
        session.rollback()
        limit_mb = round(limit / 1_048_576)
        too_large = services.InvalidInput(
            "file", str(error.detail), code="too_large", limit=limit_mb
        )
        return _item_response(
            request, session, user, initiative_id, key, error=too_large, status_code=413
        )
    return _item_response(request, session, user, initiative_id, key)


@router.post("/initiatives/{initiative_id}/evidence/{evidence_id}/withdraw")
def withdraw(
    request: Request,
    initiative_id: int,
    evidence_id: int,
    session: SessionDep,
    user: PageUser,
    reason: Annotated[str, Form()] = "",
) -> Response:
    try:
        row = evidence.withdraw_evidence(
            session, actor=user, evidence_id=evidence_id, reason=reason
        )
    except services.InvalidInput as error:
        session.rollback()
        piece = session.get(Evidence, evidence_id)
        key = piece.item_key if piece else ""
        return _item_response(
            request, session, user, initiative_id, key, error=error, status_code=422
        )
    return _item_response(request, session, user, row.initiative_id, row.item_key)


@router.get("/evidence/{evidence_id}/download")
def download(evidence_id: int, session: SessionDep, user: PageUser, store: StoreDep) -> Response:
    row, data = evidence.evidence_file(session, user=user, evidence_id=evidence_id, store=store)
    return file_response(row.file_name, row.media_type, data)
