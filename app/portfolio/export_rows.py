"""The rows of the portfolio exports, streamed from the stored state.

One statement, the dashboard's page statement over every matching initiative: the
progress comes from the stored readiness of the current phase (app/readiness), and is
computed live only for the rare initiative whose stored figures are past their
`renewal_due_on`, as the portfolio's readiness is.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy.orm import Session

from app.phases import Phase
from app.portfolio import details, queries
from app.portfolio.filtering import stalled_thresholds
from app.portfolio.queries import PortfolioRow, Scope, visible_ids
from app.portfolio.rules import PortfolioFilters
from app.portfolio.scores import scores

CHUNK = 500


def _select(dialect: str, scope: Scope, filters: PortfolioFilters, session: Session) -> Any:
    """Every matching initiative with the dashboard's columns, in its order."""
    thresholds = stalled_thresholds(session)
    columns = scores(dialect, now=scope.now, default_stalled_days=scope.default_stalled_days,
                     thresholds=thresholds)  # fmt: skip
    query = details.with_figures(visible_ids(scope, filters), scope.now, *columns)
    # The same score filters and order as the dashboard's (app/portfolio/queries.py).
    query = queries._score_filters(query, filters)
    return query.order_by(*queries._order(filters, query))


def iter_rows(
    session: Session, scope: Scope, filters: PortfolioFilters, *, chunk: int = CHUNK
) -> Iterator[PortfolioRow]:
    """Every matching row in the dashboard's order, as its pages show them (exports, digest):
    the progress as stored, or counted live for the rare row whose figures no longer hold
    today (a closed initiative has none)."""
    dialect = session.get_bind().dialect.name
    query = _select(dialect, scope, filters, session).execution_options(yield_per=chunk)
    today = scope.now.date()
    # Core, not the ORM: plain columns need none of its result machinery.
    for part in session.connection().execute(query).partitions():
        rows = [queries._row(record, today) for record in part]
        stale = [
            row
            for row, record in zip(rows, part, strict=True)
            if row.phase is not Phase.CLOSED and not details.holds(record._mapping, today)
        ]
        for initiative_id, figured in details.live_figures(session, stale, today).items():
            row = next(r for r in stale if r.id == initiative_id)
            row.progress = details.progress_of(figured)
        yield from rows
