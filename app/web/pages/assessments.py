"""Internationalisation pages: an initiative's assessments with charts, the form, the portfolio."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app import errors
from app.clock import local_today
from app.flashes import Flash
from app.initiatives import queries as initiative_queries
from app.internationalisation import services
from app.internationalisation.grids import GRIDS, Grid, get_grid
from app.internationalisation.queries import StoredAssessment
from app.internationalisation.scale import (
    END_LABELS,
    LEVEL_MAX,
    LEVEL_MIN,
    LEVELS,
    MEASURES,
    SWOT_FIELDS,
    Dimension,
    score_names,
)
from app.models.initiatives import Initiative
from app.phases import PHASE_ORDER
from app.portfolio.rules import InvalidFilter
from app.reports import charts
from app.web.deps import PageInitiative, PageUser, SessionDep, request_locale
from app.web.forms import FormFields
from app.web.portfolio_scope import scope_for, shown_filters
from app.web.problems import Refusal
from app.web.security import flash
from app.web.templating import render

router = APIRouter(include_in_schema=False)

KPI_ROWS = 5


def _vocabulary(grid: Grid) -> dict[str, Any]:
    return {
        "grid": grid,
        "grids": GRIDS,
        "axes": grid.axes,
        "levels": LEVELS,
        "score_names": {dimension: score_names(dimension) for dimension in Dimension},
        "end_labels": END_LABELS,
        "measures": MEASURES,
        "swot_fields": SWOT_FIELDS,
        "dimensions": list(Dimension),
    }


def _preset(request: Request) -> Grid:
    return get_grid(request.app.state.settings.assessment_grid)


def overlaid(found: list[StoredAssessment], dimension: Dimension) -> StoredAssessment | None:
    """The previous assessment, when its grid scores `dimension` on the same keys as the
    latest's: only like is drawn over like."""
    if len(found) < 2:
        return None
    latest, previous = found[0], found[1]
    same = previous.grid.keys(dimension) == latest.grid.keys(dimension)
    return previous if same else None


def _radars(found: list[StoredAssessment], locale: str) -> dict[Dimension, charts.Radar]:
    latest = found[0]
    radars = {}
    for dimension in Dimension:
        axes = latest.grid.axes[dimension]
        shown = [s for s in (latest, overlaid(found, dimension)) if s is not None]
        radars[dimension] = charts.radar(
            [axis.name.get(locale) for axis in axes],
            [[s.scores[dimension][axis.key] for axis in axes] for s in shown],
        )
    return radars


@router.get("/initiatives/{initiative_id}/internationalisation", response_class=HTMLResponse)
def page(
    request: Request, initiative: PageInitiative, session: SessionDep, user: PageUser
) -> Response:
    initiative_id = initiative.id
    found = services.for_initiative(session, user=user, initiative_id=initiative_id)
    trend = [(s.assessment.assessed_on, s.assessment.level) for s in reversed(found)]
    context = {
        **_vocabulary(found[0].grid if found else _preset(request)),
        "initiative": initiative,
        "section": "internationalisation",
        "assessments": found,
        "latest": found[0] if found else None,
        "previous": found[1] if len(found) > 1 else None,
        "overlaid": {d: overlaid(found, d) for d in Dimension},
        "radars": _radars(found, request_locale(request)) if found else {},
        "trend": charts.line(trend, low=LEVEL_MIN, high=LEVEL_MAX) if found else None,
        "may_record": services.may_record(session, user, initiative_id),
    }
    return render(request, "internationalisation/page.html", context)


def _form_page(
    request: Request,
    initiative: Initiative,
    *,
    entered: dict[str, str],
    errors: dict[str, str],
    status_code: int = 200,
) -> HTMLResponse:
    context = {
        **_vocabulary(_preset(request)),
        "initiative": initiative,
        "section": "internationalisation",
        "entered": entered,
        "errors": errors,
        "kpi_rows": range(KPI_ROWS),
        "kpi_error": any(field.startswith("kpis") for field in errors),
    }
    return render(request, "internationalisation/form.html", context, status_code=status_code)


@router.get("/initiatives/{initiative_id}/internationalisation/new", response_class=HTMLResponse)
def new(
    request: Request, initiative: PageInitiative, session: SessionDep, user: PageUser
) -> Response:
    if not services.may_record(session, user, initiative.id):
        raise errors.Forbidden("Only the initiative's process leadership and support record these.")
    entered = {"assessed_on": local_today().isoformat()}
    return _form_page(request, initiative, entered=entered, errors={})


def _whole(text: str) -> object:
    # isdecimal, not isdigit: "²" is a digit that int() refuses; the rules name what is left.
    return int(text) if text.isdecimal() else text


def _score(text: str) -> object:
    text = text.strip()
    if not text:
        return None  # the form's "no information"
    return _whole(text)


def _number(text: str) -> object:
    text = text.strip().replace(",", ".").replace(" ", "")
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        return text  # the rules name it


def raw_from_form(fields: dict[str, str], grid: Grid) -> dict[str, Any]:
    """The form in the API's shape, so one set of rules checks both; the form is always the
    installation's grid."""
    level = fields.get("level", "").strip()
    raw: dict[str, Any] = {
        "assessed_on": fields.get("assessed_on", "").strip() or None,
        "level": _whole(level) if level else None,
        "swot": {name: fields.get(f"swot.{name}", "") for name, _ in SWOT_FIELDS},
        "kpis": [],
        "grid": grid.id,
    }
    for dimension, axes in grid.axes.items():
        raw[dimension.value] = {
            a.key: _score(fields.get(f"{dimension.value}.{a.key}", "")) for a in axes
        }
    for row in range(KPI_ROWS):
        cells = {part: fields.get(f"kpi.{row}.{part}", "") for part in ("name", "target", "actual")}
        if any(value.strip() for value in cells.values()):
            target, actual = _number(cells["target"]), _number(cells["actual"])
            raw["kpis"].append({"name": cells["name"], "target": target, "actual": actual})
    return raw


@router.post("/initiatives/{initiative_id}/internationalisation", response_class=HTMLResponse)
def create(
    request: Request, initiative_id: int, session: SessionDep, user: PageUser, fields: FormFields
) -> Response:
    with Refusal(services.AssessmentRefused, errors.Conflict) as refused:
        raw = raw_from_form(fields, _preset(request))
        services.record(session, user=user, initiative_id=initiative_id, raw=raw)
    if refused.error is not None:
        problems = (
            refused.error.errors
            if isinstance(refused.error, services.AssessmentRefused)
            else {"assessed_on": "duplicate"}  # errors.Conflict: an assessment of that date
        )
        initiative = initiative_queries.visible_initiative(session, user, initiative_id)
        return _form_page(
            request, initiative, entered=fields, errors=problems, status_code=refused.status_code
        )
    flash(request, Flash.ASSESSMENT_RECORDED, "success")
    return RedirectResponse(f"/initiatives/{initiative_id}/internationalisation", status_code=303)


@router.get("/portfolio/internationalisation", response_class=HTMLResponse)
def portfolio(request: Request, session: SessionDep, user: PageUser) -> Response:
    """The dashboard's filters (the same parser as /portfolio), kept in the URL."""
    chosen, error = shown_filters(request)
    scope = scope_for(request, user)
    asked = request.query_params.get("grid", "")
    grid = GRIDS.get(asked) or _preset(request)
    if asked and asked not in GRIDS and error is None:  # the preset's summary, and a 422
        error = InvalidFilter("grid", f"Unknown grid {asked!r}.")
    summary = services.portfolio_summary(session, scope=scope, chosen=chosen, grid=grid.id)
    context = {
        **_vocabulary(grid),
        "chosen": chosen,
        "filter_error": error,
        "phase_order": PHASE_ORDER,
        "summary": summary,
        "choices": services.filter_choices(session, scope=scope),
    }
    return render(
        request,
        "internationalisation/portfolio.html",
        context,
        status_code=422 if error else 200,
    )
