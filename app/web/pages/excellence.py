"""Cluster Excellence: an initiative's labels and its label-readiness page (the six areas
with what the tracker knows and the group's notes), and the portfolio's labels."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from app import errors
from app.clock import local_today
from app.excellence import services
from app.excellence.rules import LabelLevel, days_left, default_valid_until
from app.flashes import Flash
from app.models.accounts import User
from app.portfolio.filtering import filter_options
from app.web.deps import PageInitiative, PageUser, SessionDep
from app.web.portfolio_scope import scope_for, shown_filters
from app.web.problems import Refusal
from app.web.security import flash
from app.web.templating import render

router = APIRouter(include_in_schema=False)

LABEL_FIELDS = ("level", "awarded_on", "valid_until", "assessing_organisation", "evidence_id")


def _page(
    request: Request,
    session: Session,
    user: User,
    initiative_id: int,
    *,
    form: str = "",  # "label" or "note": the form that was refused, shown again as entered
    error: errors.InvalidInput | None = None,
    entered: dict[str, str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    view = services.readiness(session, user=user, initiative_id=initiative_id)
    label_error = error if form == "label" else None
    label_field = None
    if label_error is not None:
        label_field = label_error.field if label_error.field in LABEL_FIELDS else "level"
    context: dict[str, Any] = {
        "initiative": view.initiative,
        "section": "excellence",
        "view": view,
        "levels": list(LabelLevel),
        "today": view.today.isoformat(),
        "default_until": default_valid_until(view.today).isoformat(),
        "days_left": lambda label: days_left(label.valid_until, view.today),
        "label_error": label_error,
        "label_field": label_field,
        "label_entered": (entered if form == "label" else None) or {},
        "note_error": error if form == "note" else None,
        "note_entered": (entered if form == "note" else None) or {},
    }
    return render(request, "excellence/readiness.html", context, status_code=status_code)


Save = Callable[..., object]


def _saved(
    request: Request,
    session: Session,
    user: User,
    initiative_id: int,
    *,
    form: str,
    save: Save,
    entered: dict[str, str],
    done: Flash,
    anchor: str,
) -> Response:
    """Save what the form sent: back to the page with a flash, or the page again with
    the refusal beside the form and what was entered."""
    with Refusal(errors.InvalidInput) as refused:
        save(session, user=user, initiative_id=initiative_id, raw=entered)
    if refused:
        return _page(
            request, session, user, initiative_id, form=form, error=refused.error,
            entered=entered, status_code=refused.status_code,
        )  # fmt: skip
    flash(request, done, "success")
    return RedirectResponse(f"/initiatives/{initiative_id}/label-readiness#{anchor}", 303)


@router.get("/initiatives/{initiative_id}/label-readiness", response_class=HTMLResponse)
def readiness_page(
    request: Request, initiative: PageInitiative, session: SessionDep, user: PageUser
) -> HTMLResponse:
    return _page(request, session, user, initiative.id)


@router.post("/initiatives/{initiative_id}/labels", response_class=HTMLResponse)
def record_label(
    request: Request,
    initiative_id: int,
    session: SessionDep,
    user: PageUser,
    level: Annotated[str, Form()] = "",
    awarded_on: Annotated[str, Form()] = "",
    valid_until: Annotated[str, Form()] = "",
    assessing_organisation: Annotated[str, Form()] = "",
    evidence_id: Annotated[str, Form()] = "",
) -> Response:
    sent = (level, awarded_on, valid_until, assessing_organisation, evidence_id)
    return _saved(
        request, session, user, initiative_id, form="label", save=services.record_label,
        entered=dict(zip(LABEL_FIELDS, sent, strict=True)), done=Flash.LABEL_RECORDED,
        anchor="labels",
    )  # fmt: skip


@router.post("/initiatives/{initiative_id}/label-readiness/notes", response_class=HTMLResponse)
def add_note(
    request: Request,
    initiative_id: int,
    session: SessionDep,
    user: PageUser,
    area: Annotated[str, Form()] = "",
    text: Annotated[str, Form()] = "",
    evidence_id: Annotated[str, Form()] = "",
) -> Response:
    return _saved(
        request, session, user, initiative_id, form="note", save=services.add_note,
        entered={"area": area, "text": text, "evidence_id": evidence_id},
        done=Flash.READINESS_NOTE_ADDED, anchor=f"area-{area}",
    )  # fmt: skip


@router.get("/portfolio/labels", response_class=HTMLResponse)
def portfolio_labels(request: Request, session: SessionDep, user: PageUser) -> HTMLResponse:
    """The labels of the initiatives you follow, soonest to lapse first."""
    filters, filter_error = shown_filters(request)
    scope = scope_for(request, user)
    raw = request.query_params.get("expiring_within_days", "")
    with Refusal(errors.InvalidInput) as refused:
        within = services.expiring_within(raw)
    if refused:
        within = None
    found = services.portfolio_labels(session, scope=scope, chosen=filters, within_days=within)
    today = local_today()
    regions, sectors = filter_options(session, scope)
    context = {
        "labels": [(label, i, days_left(label.valid_until, today)) for label, i in found],
        "filters": filters,
        "filter_error": filter_error,
        "days_error": refused.error,
        "entered_days": raw,
        "regions": regions,
        "sectors": sectors,
    }
    status = 422 if refused or filter_error else 200
    return render(request, "excellence/portfolio.html", context, status_code=status)
