"""Portfolio analytics, exports (CSV, XLSX) and readiness reports (PDF)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response, StreamingResponse
from sqlalchemy.orm import Session

from app import services
from app.domain.items import SETTLED_STANDINGS
from app.models import User
from app.phases import CATEGORY_ORDER, PHASE_ORDER, Phase
from app.portfolio import analytics, charts, exports, readiness
from app.portfolio.filters import PortfolioFilters, replace_page
from app.portfolio.pdf import render_pdf
from app.portfolio.queries import iter_rows, portfolio_page, visible_ids
from app.portfolio.scores import Scope
from app.portfolio.web import scope_for
from app.web.deps import PageUser, SessionDep, request_locale
from app.web.i18n import LOCALES
from app.web.routers.api_portfolio import api_filters
from app.web.templating import render

router = APIRouter(include_in_schema=False)

PERIODS = (30, 90, 365)


def _lang(request: Request) -> str:
    asked = request.query_params.get("lang")
    if asked is not None and asked not in LOCALES:
        raise services.InvalidInput("lang", "lang must be sv or en.")
    return asked or request_locale(request)


def _period(request: Request) -> int:
    raw = request.query_params.get("period", "90")
    if not raw.isdigit() or int(raw) not in PERIODS:
        raise services.InvalidInput("period", "period must be 30, 90 or 365 (days).")
    return int(raw)


def charts_context(
    session: Session, scope: Scope, filters: PortfolioFilters, period: int
) -> dict[str, Any]:
    """What the charts partial needs: six queries whatever the size of the portfolio."""
    ids = visible_ids(scope, filters)
    heat = portfolio_page(session, scope, replace_page(filters, page=1, per_page=40))
    return {
        "funnel": analytics.funnel(session, ids, since=scope.now - timedelta(days=period)),
        "time_in_phase": analytics.time_in_phase(session, ids),
        "support": analytics.support_by_region(session, ids),
        "heat_rows": heat.rows,
        "heat_total": heat.total,
        "period": period,
        "phases": PHASE_ORDER,
        "all_phases": (*PHASE_ORDER, Phase.CLOSED),
        "categories": CATEGORY_ORDER,
        "now": scope.now,
        "charts": charts,
    }


@router.get("/portfolio/analytics", response_class=HTMLResponse)
def analytics_page(request: Request, session: SessionDep, user: PageUser) -> HTMLResponse:
    filters = api_filters(request)
    period = _period(request)
    context = {
        **charts_context(session, scope_for(request, user), filters, period),
        "filters": filters,
        "periods": PERIODS,
    }
    return render(request, "portfolio/analytics.html", context)


def _stream_rows(request: Request, user: User, filters: PortfolioFilters) -> Any:
    # The request's session closes with the request: the stream reads with its own.
    scope = scope_for(request, user)

    def rows() -> Any:
        with request.app.state.sessionmaker() as session:
            yield from iter_rows(session, scope, filters)

    return rows(), scope.now


@router.get("/portfolio/export.csv")
def export_csv(request: Request, user: PageUser) -> StreamingResponse:
    filters, lang = api_filters(request), _lang(request)
    rows, now = _stream_rows(request, user, filters)
    return StreamingResponse(
        exports.csv_chunks(rows, now, lang),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="portfolio.csv"'},
    )


@router.get("/portfolio/export.xlsx")
def export_xlsx(request: Request, user: PageUser) -> StreamingResponse:
    filters, lang = api_filters(request), _lang(request)
    rows, now = _stream_rows(request, user, filters)
    return StreamingResponse(
        exports.xlsx_chunks(rows, now, lang),
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": 'attachment; filename="portfolio.xlsx"'},
    )


def _pdf(content: bytes, name: str) -> Response:
    return Response(
        content,
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{name}"'},
    )


@router.get("/portfolio/report.pdf")
def portfolio_report(request: Request, session: SessionDep, user: PageUser) -> Response:
    filters, lang = api_filters(request), _lang(request)
    scope = scope_for(request, user)
    # The report lists at most one page of 200 initiatives; the charts cover them all.
    page = portfolio_page(session, scope, replace_page(filters, page=1, per_page=200))
    context = {
        **charts_context(session, scope, filters, 90),
        "page": page,
        "blocking": readiness.blocking_by_initiative(session, [r.id for r in page.rows]),
        "filters": filters,
        "generated": scope.now,
    }
    return _pdf(render_pdf("reports/portfolio.html", context, lang), "portfolio.pdf")


@router.get("/initiatives/{initiative_id}/report.pdf")
def initiative_report(
    request: Request, initiative_id: int, session: SessionDep, user: PageUser
) -> Response:
    lang = _lang(request)
    view = services.initiative_view(session, user=user, initiative_id=initiative_id)
    initiative = view.initiative
    reached = initiative.closed_from if initiative.phase is Phase.CLOSED else initiative.phase
    upto = PHASE_ORDER.index(reached or Phase.STARTING_POINT)
    context = {
        "view": view,
        "initiative": initiative,
        "specs": [view.model.phase(p) for p in PHASE_ORDER[: upto + 1]],
        "categories": CATEGORY_ORDER,
        "generated": scope_for(request, user).now,
        "charts": charts,
        "settled_keys": [
            k for k, standing in view.phase_state.standings.items() if standing in SETTLED_STANDINGS
        ],
    }
    name = f"initiative-{initiative.id}.pdf"
    return _pdf(render_pdf("reports/initiative.html", context, lang), name)
