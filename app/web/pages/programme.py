"""The internationalisation programme page: measures by key direction with their target
indicators, the yearly reviews, and the forms that add them."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app import errors
from app.clock import local_today
from app.flashes import Flash
from app.initiatives import queries as initiative_queries
from app.internationalisation.programme import services
from app.internationalisation.programme.rules import progress
from app.internationalisation.scale import KEY_DIRECTION_NAMES, KeyDirection
from app.models.accounts import User
from app.web.deps import PageInitiative, PageUser, SessionDep
from app.web.forms import FormFields
from app.web.problems import Refusal
from app.web.security import flash
from app.web.templating import render

router = APIRouter(include_in_schema=False)

INDICATOR_ROWS = 3
NUMBERS = ("baseline", "target", "actual")


def _number(text: str) -> object:
    text = text.strip().replace(",", ".").replace(" ", "")
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        return text  # the rules name it


def measure_from_form(fields: dict[str, str]) -> dict[str, Any]:
    """The form in the API's shape, so one set of rules checks both."""
    indicators = []
    for row in range(INDICATOR_ROWS):
        cells = {part: fields.get(f"indicator.{row}.{part}", "") for part in ("name", "unit")}
        numbers = {part: fields.get(f"indicator.{row}.{part}", "") for part in NUMBERS}
        if any(v.strip() for v in (*cells.values(), *numbers.values())):
            indicators.append(
                {
                    "name": cells["name"],
                    "unit": cells["unit"].strip() or None,
                    **{part: _number(text) for part, text in numbers.items()},
                }
            )
    return {
        "direction": fields.get("direction", ""),
        "title": fields.get("title", ""),
        "owner": fields.get("owner", ""),
        "due_on": fields.get("due_on", "").strip() or None,
        "indicators": indicators,
    }


def _page(
    request: Request,
    session: SessionDep,
    user: User,
    initiative_id: int,
    *,
    entered: dict[str, str] | None = None,
    problems: dict[str, str] | None = None,
    form: str = "",
    status_code: int = 200,
) -> HTMLResponse:
    initiative = initiative_queries.visible_initiative(session, user, initiative_id)
    context = {
        "initiative": initiative,
        "section": "internationalisation",
        "programme": services.view(session, user=user, initiative_id=initiative_id),
        "directions": list(KeyDirection),
        "direction_names": KEY_DIRECTION_NAMES,
        "may_edit": services.may_edit(session, user, initiative_id),
        "indicator_rows": range(INDICATOR_ROWS),
        "progress": progress,
        "entered": entered or {},
        "errors": problems or {},
        "indicator_error": any(field.startswith("indicators") for field in problems or {}),
        "today": local_today(),
        "form": form,  # which form the errors belong to: measure or review
    }
    return render(request, "internationalisation/programme.html", context, status_code=status_code)


@router.get("/initiatives/{initiative_id}/internationalisation/programme")
def page(
    request: Request, initiative: PageInitiative, session: SessionDep, user: PageUser
) -> HTMLResponse:
    return _page(request, session, user, initiative.id)


def _after(
    request: Request,
    session: SessionDep,
    user: User,
    initiative_id: int,
    refused: Refusal[Any],
    *,
    done: Flash,
    fields: dict[str, str],
    form: str,
) -> Response:
    if refused.error is None:
        flash(request, done, "success")
        target = f"/initiatives/{initiative_id}/internationalisation/programme"
        return RedirectResponse(target, status_code=303)
    error = refused.error
    problems = (
        error.errors
        if isinstance(error, services.ProgrammeRefused)
        else {"reviewed_on": "duplicate"}  # errors.Conflict: a review of that date
    )
    return _page(
        request,
        session,
        user,
        initiative_id,
        entered=fields,
        problems=problems,
        form=form,
        status_code=refused.status_code,
    )


@router.post("/initiatives/{initiative_id}/internationalisation/programme/measures")
def add_measure(
    request: Request, initiative_id: int, session: SessionDep, user: PageUser, fields: FormFields
) -> Response:
    with Refusal(services.ProgrammeRefused) as refused:
        raw = measure_from_form(fields)
        services.add_measure(session, user=user, initiative_id=initiative_id, raw=raw)
    return _after(
        request, session, user, initiative_id, refused,
        done=Flash.PROGRAMME_MEASURE_ADDED, fields=fields, form="measure",
    )  # fmt: skip


@router.post(
    "/initiatives/{initiative_id}/internationalisation/programme/indicators/{indicator_id}"
)
def update_indicator(
    request: Request,
    initiative_id: int,
    indicator_id: int,
    session: SessionDep,
    user: PageUser,
    fields: FormFields,
) -> Response:
    raw = {part: _number(fields[part]) for part in NUMBERS if part in fields}
    with Refusal(services.ProgrammeRefused) as refused:
        services.update_indicator(
            session, user=user, indicator_id=indicator_id, raw=raw, initiative_id=initiative_id
        )
    return _after(
        request, session, user, initiative_id, refused,
        done=Flash.PROGRAMME_INDICATOR_SAVED, fields=fields, form=f"indicator-{indicator_id}",
    )  # fmt: skip


@router.post("/initiatives/{initiative_id}/internationalisation/programme/reviews")
def add_review(
    request: Request, initiative_id: int, session: SessionDep, user: PageUser, fields: FormFields
) -> Response:
    raw = {name: fields.get(name, "") for name in ("reviewed_on", "body", "changes")}
    with Refusal(services.ProgrammeRefused, errors.Conflict) as refused:
        services.add_review(session, user=user, initiative_id=initiative_id, raw=raw)
    return _after(
        request, session, user, initiative_id, refused,
        done=Flash.PROGRAMME_REVIEW_ADDED, fields=fields, form="review",
    )  # fmt: skip
