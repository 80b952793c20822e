"""The rows of the portfolio exports, streamed from the stored state.

The dashboard's rows aggregate every item state of their initiatives for the checklist
progress; for an export of the whole portfolio that is a scan of every item state. Here
the progress comes from the stored readiness of the current phase (app/readiness), one
look-up per chunk of rows, and is computed live only for the rare initiative whose stored
figures are past their `renewal_due_on`, as the portfolio's readiness is.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from sqlalchemy import func, null, select, text
from sqlalchemy.orm import Session

from app.excellence import queries as excellence_queries
from app.grants.queries import grant_figures
from app.models.initiatives import Initiative
from app.models.readiness import PhaseReadiness
from app.phases import Category, get_model
from app.portfolio import queries
from app.portfolio.filtering import stalled_thresholds
from app.portfolio.queries import PortfolioRow, Scope, visible_ids
from app.portfolio.rules import PortfolioFilters
from app.portfolio.scores import scores
from app.readiness import queries as readiness_queries
from app.readiness.rules import figures
from app.support import queries as support_queries

CHUNK = 500
Progress = dict[Category, tuple[int, int]]


def _select(dialect: str, scope: Scope, filters: PortfolioFilters, session: Session) -> Any:
    """The dashboard's columns for every matching initiative, the progress left NULL."""
    ids = visible_ids(scope, filters)
    grants = grant_figures(ids, scope.now)
    support = support_queries.totals_by_initiative(ids)
    level, valid_until = excellence_queries.label_in_force(scope.now.date())
    thresholds = stalled_thresholds(session)
    query = (
        select(
            Initiative,
            *scores(dialect, now=scope.now, default_stalled_days=scope.default_stalled_days,
                    thresholds=thresholds),
            func.coalesce(support.c.support_activities, 0).label("support_activities"),
            func.coalesce(support.c.support_hours, 0).label("support_hours"),
            func.coalesce(support.c.support_cost_sek, 0).label("support_cost_sek"),
            level.label("label_level"),
            valid_until.label("label_valid_until"),
            *(null().label(f"{c.value}_{kind}") for c in Category for kind in ("done", "total")),
            grants.c.granted_sek,
            grants.c.cofinancing_sek,
            grants.c.grant_ending_on,
        )
        .outerjoin(grants, grants.c.initiative_id == Initiative.id)
        .outerjoin(support, support.c.initiative_id == Initiative.id)
        .where(Initiative.id.in_(ids))
    )  # fmt: skip
    # The same score filters and order as the dashboard's (app/portfolio/queries.py).
    query = queries._score_filters(query, filters)
    return query.order_by(*queries._order(filters, query))


def _from_checklists(checklists: dict[str, Any]) -> Progress:
    found: Progress = {}
    for category in Category:
        counts = checklists.get(category.value)
        if counts:
            found[category] = (counts["done"], counts["done"] + counts["open"])
    return found


def progress(session: Session, rows: list[PortfolioRow], today: date) -> dict[int, Progress]:
    """Settled and total items per checklist of each row's current phase: stored, or live
    where the stored figures no longer hold on `today` (a closed initiative has none)."""
    ids = [row.id for row in rows]
    found: dict[int, Progress] = {}
    stale: list[int] = []
    # Plain columns, not entities: an export reads thousands of these rows.
    stored = (
        select(
            PhaseReadiness.initiative_id, PhaseReadiness.renewal_due_on, PhaseReadiness.checklists
        )
        .join(Initiative, Initiative.id == PhaseReadiness.initiative_id)
        .where(PhaseReadiness.initiative_id.in_(ids), PhaseReadiness.phase == Initiative.phase)
    )
    for initiative_id, renewal_due_on, checklists in session.execute(stored):
        if renewal_due_on is not None and renewal_due_on < today:
            stale.append(initiative_id)
        else:
            found[initiative_id] = _from_checklists(checklists)
    if stale:
        by_id = {row.id: row for row in rows}
        states, pieces = readiness_queries.facts(session, stale)
        for initiative_id in stale:
            row = by_id[initiative_id]
            fresh = figures(
                get_model(row.model_version), states[initiative_id], pieces[initiative_id], today
            )
            phase = next(f for f in fresh if f.phase == row.phase)
            found[initiative_id] = {
                c: (n.done, n.done + n.open) for c, n in phase.checklists.items()
            }
    return found


def iter_rows(
    session: Session, scope: Scope, filters: PortfolioFilters, *, chunk: int = CHUNK
) -> Iterator[PortfolioRow]:
    """Every matching row in the dashboard's order, as its pages show them (exports, digest)."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        # As for the dashboard (queries.portfolio_page): the correlated look-ups inflate the
        # cost estimate past the JIT threshold, and compiling costs more than the query.
        session.execute(text("SET LOCAL jit = off"))
    query = _select(dialect, scope, filters, session).execution_options(yield_per=chunk)
    today = scope.now.date()
    for part in session.execute(query).partitions():
        rows = [queries._row(record) for record in part]
        figures_of = progress(session, rows, today)
        for row in rows:
            mine = figures_of.get(row.id, {})
            row.progress = {c: mine.get(c, (0, 0)) for c in Category}
            yield row
