"""Portfolio analytics, exports (CSV, XLSX) and readiness reports (PDF)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime, timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response, StreamingResponse
from sqlalchemy.orm import Session

from app import errors
from app.clock import LOCAL_ZONE
from app.excellence import queries as excellence_queries
from app.grants import queries as grant_queries
from app.initiatives import queries as initiative_queries
from app.models.accounts import User
from app.phases import CATEGORY_ORDER, PHASE_ORDER, Phase
from app.portfolio import analytics, describe, export_rows, exports, readiness
from app.portfolio.queries import PortfolioRow, Scope, portfolio_page, visible_ids
from app.portfolio.rules import PortfolioFilters, replace_page
from app.reports.initiative import report_from_view
from app.reports.pdf import render_pdf
from app.support import queries as support_queries
from app.support import services as support_services
from app.web.deps import PageInitiative, PageUser, SessionDep
from app.web.download_locale import download_locale
from app.web.portfolio_scope import required_filters, scope_for
from app.web.templating import render

router = APIRouter(include_in_schema=False)

PERIODS = (30, 90, 365)


def _lang(request: Request) -> str:
    return download_locale(request)


def _period(request: Request) -> int:
    raw = request.query_params.get("period", "90")
    if not raw.isdigit() or int(raw) not in PERIODS:
        raise errors.InvalidInput("period", "period must be 30, 90 or 365 (days).")
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
        # Support is dated where the regions are (the log takes no day after theirs).
        "support": support_services.portfolio_figures(session, ids, today=_local_day(scope.now)),
        "heat_rows": heat.rows,
        "heat_total": heat.total,
        "period": period,
        "phases": PHASE_ORDER,
        "all_phases": (*PHASE_ORDER, Phase.CLOSED),
        "categories": CATEGORY_ORDER,
        "now": scope.now,
    }


@router.get("/portfolio/analytics", response_class=HTMLResponse)
def analytics_page(request: Request, session: SessionDep, user: PageUser) -> HTMLResponse:
    filters = required_filters(request)
    period = _period(request)
    context = {
        **charts_context(session, scope_for(request, user), filters, period),
        "filters": filters,
        "periods": PERIODS,
    }
    return render(request, "portfolio/analytics.html", context)


Chunks = Callable[[Iterable[PortfolioRow], datetime, str], Iterator[str] | Iterator[bytes]]


def _export(
    request: Request, user: User, chunks: Chunks, media_type: str, extension: str
) -> Response:
    """The filtered portfolio as a file, streamed: the request's session closes with the
    request, so the stream reads the rows with its own."""
    filters, lang = required_filters(request), _lang(request)
    scope = scope_for(request, user)
    name = describe.portfolio_file(lang, _local_day(scope.now), extension)

    def rows() -> Iterator[PortfolioRow]:
        with request.app.state.sessionmaker() as session:
            yield from export_rows.iter_rows(session, scope, filters)

    return StreamingResponse(
        chunks(rows(), scope.now, lang),
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get("/portfolio/export.csv")
def export_csv(request: Request, user: PageUser) -> Response:
    return _export(request, user, exports.csv_chunks, "text/csv; charset=utf-8", "csv")


@router.get("/portfolio/export.xlsx")
def export_xlsx(request: Request, user: PageUser) -> Response:
    media_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return _export(request, user, exports.xlsx_chunks, media_type, "xlsx")


def _local_day(moment: datetime) -> date:
    return moment.astimezone(LOCAL_ZONE).date()


def _pdf(content: bytes, name: str) -> Response:
    # An attachment: opened inline, the report took the app's tab.
    return Response(
        content,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get("/portfolio/report.pdf")
def portfolio_report(request: Request, session: SessionDep, user: PageUser) -> Response:
    filters, lang = required_filters(request), _lang(request)
    scope = scope_for(request, user)
    # The report lists at most one page of 200 initiatives; the charts cover them all.
    page = portfolio_page(session, scope, replace_page(filters, page=1, per_page=200))
    context = {
        **charts_context(session, scope, filters, 90),
        "page": page,
        "blocking": readiness.blocking_by_initiative(session, [r.id for r in page.rows]),
        "filters": filters,
        "filter_words": describe.filter_words(filters, lang),
        "generated": scope.now,
    }
    name = describe.portfolio_file(lang, _local_day(scope.now), "pdf")
    return _pdf(render_pdf("reports/portfolio.html", context, lang), name)


@router.get("/initiatives/{initiative_id}/report.pdf")
def initiative_report(
    request: Request, initiative: PageInitiative, session: SessionDep, user: PageUser
) -> Response:
    lang = _lang(request)
    view = initiative_queries.view_of(session, user=user, initiative=initiative)
    now = scope_for(request, user).now
    context = {"report": report_from_view(view, as_of=now.date()), "generated": now}
    context["grants"] = grant_queries.grant_records(session, initiative.id)
    context["support_activities"] = support_queries.export(session, initiative)
    context["cluster_labels"] = excellence_queries.export(session, initiative.id)
    on = _local_day(now)
    name = describe.initiative_file(lang, view.initiative.name, view.initiative.id, on, "pdf")
    return _pdf(render_pdf("reports/initiative.html", context, lang), name)
