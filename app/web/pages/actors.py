"""Actor pages: the register of an initiative, add, leave, re-join, CSV import and export."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from app import errors
from app.actors import queries, services
from app.actors.csv_io import COLUMNS, RowError
from app.actors.vocabulary import (
    DEFAULT_HELIX_SIDE,
    ActorType,
    HelixSide,
)
from app.clock import local_today
from app.flashes import Flash
from app.initiatives import queries as initiative_queries
from app.models.accounts import User
from app.models.initiatives import Initiative
from app.portfolio import describe
from app.reports import charts
from app.web.deps import PageInitiative, PageUser, SessionDep
from app.web.download_locale import download_locale
from app.web.forms import read_form
from app.web.problems import Refusal
from app.web.security import flash, token_in_form
from app.web.templating import render

router = APIRouter(include_in_schema=False)

IMPORT_MAX_BYTES = 2_000_000


def _page(
    request: Request,
    session: Session,
    user: User,
    initiative: Initiative,
    *,
    entered: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    row_errors: list[RowError] | None = None,
    failed_actor: int | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    initiative_id = initiative.id
    counts = queries.member_counts(session, initiative_id)
    today = local_today()
    top = max((n for _, n in counts), default=0)
    context: dict[str, Any] = {
        "initiative": initiative,
        "section": "actors",
        "actors": queries.actors(session, initiative_id),
        "facts": queries.facts(session, initiative_id, on=today),
        "counts": counts,
        "chart": charts.line(counts, low=0, high=max(top, 4), step=True) if counts else None,
        "may_edit": services.may_edit(session, user, initiative_id),
        "today": today.isoformat(),
        "types": list(ActorType),
        "sides": list(HelixSide),
        "default_side": DEFAULT_HELIX_SIDE,
        "columns": COLUMNS,
        "entered": entered or {},
        "errors": errors or {},
        "row_errors": row_errors or [],
        "failed_actor": failed_actor,
    }
    return render(request, "actors/page.html", context, status_code=status_code)


def _refused(
    request: Request, session: Session, user: User, initiative_id: int, **shown: Any
) -> HTMLResponse:
    """The page again after a refused form, saying what was wrong."""
    initiative = initiative_queries.visible_initiative(session, user, initiative_id)
    return _page(request, session, user, initiative, status_code=422, **shown)


def _back(request: Request, initiative_id: int, done: Flash) -> RedirectResponse:
    flash(request, done, "success")
    return RedirectResponse(f"/initiatives/{initiative_id}/actors#actors", status_code=303)


@router.get("/initiatives/{initiative_id}/actors", response_class=HTMLResponse)
def page(
    request: Request, initiative: PageInitiative, session: SessionDep, user: PageUser
) -> Response:
    return _page(request, session, user, initiative)


@router.post("/initiatives/{initiative_id}/actors", response_class=HTMLResponse)
def add(
    request: Request,
    initiative_id: int,
    session: SessionDep,
    user: PageUser,
    name: Annotated[str, Form()] = "",
    organisation_number: Annotated[str, Form()] = "",
    region: Annotated[str, Form()] = "",
    type: Annotated[str, Form()] = "",
    helix_side: Annotated[str, Form()] = "",
    joined_on: Annotated[str, Form()] = "",
) -> Response:
    entered = {
        "name": name,
        "organisation_number": organisation_number,
        "region": region,
        "type": type,
        "helix_side": helix_side,
        "joined_on": joined_on,
    }
    try:
        services.add_actor(
            session, user=user, initiative_id=initiative_id, data=services.validated(entered)
        )
    except services.ActorRefused as refused:
        return _refused(
            request, session, user, initiative_id, entered=entered, errors=refused.errors
        )
    return _back(request, initiative_id, Flash.ACTOR_ADDED)


def _period_change(
    request: Request,
    session: Session,
    user: User,
    initiative_id: int,
    actor_id: int,
    change: Callable[..., object],
    done: Flash,
) -> Response:
    """Leaving or re-joining: the page again, with the actor's row marked, if refused."""
    with Refusal(services.ActorRefused, errors.Conflict) as refused:
        change(session, user=user, initiative_id=initiative_id, actor_id=actor_id)
    if refused:
        return _refused(request, session, user, initiative_id, failed_actor=actor_id)
    return _back(request, initiative_id, done)


@router.post("/initiatives/{initiative_id}/actors/{actor_id}/leave", response_class=HTMLResponse)
def leave(
    request: Request,
    initiative_id: int,
    actor_id: int,
    session: SessionDep,
    user: PageUser,
    left_on: Annotated[str, Form()] = "",
) -> Response:
    change = partial(services.leave, left_on=left_on)
    return _period_change(request, session, user, initiative_id, actor_id, change, Flash.ACTOR_LEFT)


@router.post("/initiatives/{initiative_id}/actors/{actor_id}/rejoin", response_class=HTMLResponse)
def rejoin(
    request: Request,
    initiative_id: int,
    actor_id: int,
    session: SessionDep,
    user: PageUser,
    joined_on: Annotated[str, Form()] = "",
) -> Response:
    change = partial(services.rejoin, joined_on=joined_on)
    return _period_change(
        request, session, user, initiative_id, actor_id, change, Flash.ACTOR_REJOINED
    )


@token_in_form
async def import_file(
    request: Request, initiative_id: int, session: SessionDep, user: PageUser
) -> bytes | None:
    """The uploaded CSV (empty without one), read only once the user may import there:
    NotFound or Forbidden before a byte of it is read (a worker thread asks the database).
    None: the file is past IMPORT_MAX_BYTES, and no more of it was read."""
    await run_in_threadpool(services.may_import, session, user=user, initiative_id=initiative_id)
    try:
        form = await read_form(request, IMPORT_MAX_BYTES)
    except HTTPException as error:
        if error.status_code != 413:
            raise
        return None
    upload = form.get("file")
    if not isinstance(upload, UploadFile):
        return b""
    data = await upload.read(IMPORT_MAX_BYTES + 1)
    return None if len(data) > IMPORT_MAX_BYTES else data


@router.post("/initiatives/{initiative_id}/actors/import", response_class=HTMLResponse)
def import_csv(
    request: Request,
    initiative_id: int,
    session: SessionDep,
    user: PageUser,
    data: Annotated[bytes | None, Depends(import_file)],
) -> Response:
    try:
        if data is None:
            raise services.ImportRefused(
                [RowError(1, "file", f"The file is larger than {IMPORT_MAX_BYTES} bytes.")]
            )
        services.import_csv(session, user=user, initiative_id=initiative_id, data=data)
    except services.ImportRefused as refused:
        return _refused(request, session, user, initiative_id, row_errors=refused.errors)
    return _back(request, initiative_id, Flash.ACTORS_IMPORTED)


@router.get("/initiatives/{initiative_id}/actors.csv")
def export_csv(
    request: Request, initiative: PageInitiative, session: SessionDep, user: PageUser
) -> Response:
    lang = download_locale(request)
    text = services.export_csv(session, user=user, initiative_id=initiative.id, lang=lang)
    on = local_today()
    name = describe.initiative_file(
        lang, initiative.name, initiative.id, on, "csv", stems=describe.ACTORS_STEM
    )
    return Response(
        text.encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
