"""The portfolio's reads: its rows, every figure aggregated in SQL, a constant number
of queries; which initiatives a user sees in it; the region settings.

A page costs the region settings, one query that counts and picks the page's ids,
and one that details those ids from the stored readiness (plus the filter options;
one more only when a row's stored figures no longer hold today). Picking the page
needs no scan of all items: readiness is the stored figure (app/readiness) and last
activity a correlated look-up on (initiative_id, updated_at). The statements are
kept between requests (app/portfolio/details.py says why).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time
from decimal import Decimal
from functools import lru_cache
from operator import itemgetter
from typing import Any, TypeVar

from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import Session

from app.domain.paging import page_count
from app.domain.permissions import Role
from app.excellence.rules import LabelLevel
from app.initiatives import queries as initiative_queries
from app.models.accounts import User
from app.models.initiatives import Initiative
from app.phases import PHASE_ORDER, Category, Phase
from app.portfolio import details
from app.portfolio.filtering import apply_filters, stalled_thresholds
from app.portfolio.rules import (
    SCORED_SORTS,
    PortfolioFilters,
    filters_on_scores,
    is_stalled,
    scores_needed,
    stalled_cutoffs,
)
from app.portfolio.scores import scores
from app.readiness import queries as readiness_queries
from app.readiness.rules import PhaseFigures, holds, progress, progress_of
from app.support import queries as support_queries

Q = TypeVar("Q", bound=Select[*tuple[Any, ...]])


@dataclass(frozen=True)
class Scope:
    """What a portfolio query needs besides the filters: who asks, and when."""

    user: User
    now: datetime
    default_stalled_days: int


def restrict_visible(query: Q, user: User) -> Q:
    """Restrict a select that involves Initiative to the initiatives `user` may see,
    as `permissions.can_view` has it: leadership the initiatives whose group it is in,
    funders those they finance, support and admins all."""
    return initiative_queries.restrict_to_visible(query, user.id, user.role)


def _scores(
    dialect: str, scope: Scope, thresholds: dict[str, int], only: frozenset[str] | None = None
) -> list[Any]:
    return scores(
        dialect, now=scope.now, default_stalled_days=scope.default_stalled_days,
        thresholds=thresholds, only=only,
    )  # fmt: skip


@dataclass(slots=True)
class PortfolioRow:
    id: int
    name: str
    region: str
    sector: str | None
    phase: Phase
    closed_from: Phase | None
    model_version: str
    phase_entered_at: datetime
    last_activity: datetime
    readiness: float | None
    stalled: bool
    # Support delivered (app/support): the log's activities, hours and kronor, all time.
    support_activities: int
    support_hours: Decimal
    support_cost_sek: int
    progress: dict[Category, tuple[int, int]] = field(default_factory=dict)
    # Grants (app/grants): kronor granted and co-financed, the soonest end within 90 days.
    granted_sek: int = 0
    cofinancing_sek: int = 0
    grant_ending_on: date | None = None
    # Cluster Excellence (app/excellence): the label in force today, if any.
    label_level: LabelLevel | None = None
    label_valid_until: date | None = None

    def days_in_phase(self, now: datetime) -> int:
        return max(0, (now - self.phase_entered_at).days)


@dataclass
class PortfolioPage:
    rows: list[PortfolioRow]
    total: int
    filters: PortfolioFilters

    @property
    def pages(self) -> int:
        return page_count(self.total, self.filters.per_page)


def _order(filters: PortfolioFilters, scored: Select[Any] | None) -> list[Any]:
    desc = filters.order == "desc"
    key: Any
    if filters.sort == "region":
        key = Initiative.region
    elif filters.sort == "sector":
        key = func.coalesce(Initiative.sector, "")
    elif filters.sort == "phase":
        ranks = enumerate((*PHASE_ORDER, Phase.CLOSED))
        key = case(*((Initiative.phase == p, i) for i, p in ranks), else_=99)
    elif filters.sort == "days_in_phase":
        key = Initiative.phase_entered_at  # more days in the phase = entered earlier
        desc = not desc
    elif filters.sort in SCORED_SORTS and scored is not None:
        key = scored.selected_columns[filters.sort]
    else:
        key = func.lower(Initiative.name)
    ordered = key.desc() if desc else key.asc()
    # Closed initiatives have no readiness: last either way.
    return [ordered.nulls_last() if filters.sort == "readiness" else ordered, Initiative.id]


def _score_filters(query: Select[Any], filters: PortfolioFilters) -> Select[Any]:
    columns = query.selected_columns
    if filters.stalled is not None:
        query = query.where(columns.stalled == filters.stalled)
    if filters.readiness_min is not None:
        query = query.where(columns.readiness >= filters.readiness_min)
    if filters.readiness_max is not None:
        query = query.where(columns.readiness <= filters.readiness_max)
    return query


# What a row of details.with_figures gives a PortfolioRow, in the order of its fields.
ROW_FIELDS = (
    "id", "name", "region", "sector", "phase", "closed_from", "model_version",
    "phase_entered_at", "last_activity", "readiness",
    "support_activities", "support_hours", "support_cost_sek",
    "granted_sek", "cofinancing_sek", "grant_ending_on", "label_level", "label_valid_until",
    "checklists", "renewal_due_on",
)  # fmt: skip
NO_HOURS = Decimal(0).quantize(support_queries.CENT)


def _reader(records: Sequence[Any]) -> Callable[[Any], tuple[Any, ...]]:
    """Every field of ROW_FIELDS of a record at once, by position (an export reads 10,000:
    a look-up by name for each field cost as much as the rest of the row)."""
    at = {name: i for i, name in enumerate(records[0]._fields)}
    return itemgetter(*(at[name] for name in ROW_FIELDS))


def _row(fields: tuple[Any, ...], today: date) -> PortfolioRow:
    """A row of details.with_figures (ROW_FIELDS): the progress as stored
    (app.readiness.rules.progress); stalled is the caller's to work out (rules.is_stalled)."""
    (id_, name, region, sector, phase, closed_from, version, entered, last, readiness,
     activities, hours, cost, granted, cofinancing, ending, level, valid, checklists,
     due) = fields  # fmt: skip
    return PortfolioRow(
        id_, name, region, sector, phase, closed_from, version, entered, last,
        None if readiness is None else float(readiness), False,
        int(activities or 0),
        Decimal(hours).quantize(support_queries.CENT) if hours else NO_HOURS,
        int(cost or 0), progress(checklists, due, today),
        int(granted or 0), int(cofinancing or 0), ending, level, valid,
    )  # fmt: skip


def _base(scope: Scope, filters: PortfolioFilters) -> Select[Any]:
    return apply_filters(restrict_visible(select(Initiative.id), scope.user), filters)


@lru_cache(maxsize=64)
def _pick(
    dialect: str, now: datetime, user_id: int, role: Role, default_days: int,
    thresholds: tuple[tuple[str, int], ...], filters: PortfolioFilters, stored_readiness: bool,
) -> tuple[Select[Any], Select[Any]]:  # fmt: skip
    """The statement that picks the page's ids, with the count of all that match, and the
    count alone (for a page past the end). Kept: building and keying them costs more than
    running them, and a user pages and sorts the same filters."""

    def matching(query: Select[Any]) -> Select[Any]:
        # The filters and the visibility are WHERE clauses on the select itself: as a
        # subquery (id IN (…)), PostgreSQL joined the portfolio to itself, a look-up a row.
        visible = initiative_queries.restrict_to_visible(query, user_id, role)
        return apply_filters(visible, filters)

    base = matching(select(Initiative.id))
    if needed := scores_needed(filters):
        # Rank every matching initiative by index look-ups only, then detail the page.
        columns = scores(dialect, now=now, default_stalled_days=default_days,
                         thresholds=dict(thresholds), only=needed,
                         stored_readiness=stored_readiness)  # fmt: skip
        ranked = _score_filters(matching(select(Initiative.id, *columns)), filters)
        # The count apart, not count(*) OVER (): the window made the database keep every
        # ranked row to sort them all, where a page of them is a top-N sort (5 ms against
        # 1 at 10,000 on SQLite). Without a filter on a score, it counts the ids alone.
        counted = ranked if filters_on_scores(filters) else base
        count = select(func.count()).select_from(counted.subquery())
        query = ranked.add_columns(count.scalar_subquery().label("total"))
        query = query.order_by(*_order(filters, ranked))
    else:
        # The count as a subquery: one statement, and the details then look up the page's
        # ids rather than sorting the portfolio again in each of their subqueries.
        count = select(func.count()).select_from(base.subquery())
        query = base.add_columns(count.scalar_subquery().label("total"))
        query = query.order_by(*_order(filters, None))
    return query.limit(filters.per_page).offset(filters.offset), count


def portfolio_page(session: Session, scope: Scope, filters: PortfolioFilters) -> PortfolioPage:
    """One page of the dashboard: the same few queries whatever the size of the portfolio."""
    dialect = session.get_bind().dialect.name
    thresholds = stalled_thresholds(session)
    needed = scores_needed(filters)
    # Only the stalled flag needs the moment; the rest holds all day.
    now = scope.now if "stalled" in needed else datetime.combine(scope.now.date(), time(), UTC)
    # Ranked by readiness: the stored figures alone while they all hold (nearly always).
    stored = "readiness" in needed and readiness_queries.all_hold(session, now.date())
    pick, count = _pick(
        dialect, now, scope.user.id, scope.user.role, scope.default_stalled_days,
        tuple(sorted(thresholds.items())), filters, stored,
    )  # fmt: skip
    found = session.execute(pick).all()
    total = int(found[0]._mapping["total"]) if found else session.scalar(count) or 0
    page_ids = [row[0] for row in found]
    hour = scope.now.replace(minute=0, second=0, microsecond=0)
    records = session.execute(details.page_rows(dialect, hour), {"ids": page_ids}).all()
    by_id = {r.id: r for r in records}
    ordered = [by_id[i] for i in page_ids if i in by_id]  # in the order they were picked
    return PortfolioPage(rows_of(session, ordered, scope, thresholds), total, filters)


def rows_of(
    session: Session, records: Sequence[Any], scope: Scope, thresholds: dict[str, int]
) -> list[PortfolioRow]:
    """The rows of records of details.with_figures, as the dashboard shows them: stalled
    by the last activity and the region's threshold, and readiness and progress counted
    live for the rare row whose stored figures no longer hold today (one query for all)."""
    live = figures_counted_live(session, records, scope.now.date())
    return list(each_row_of(records, live, scope, thresholds))


def figures_counted_live(
    session: Session, records: Sequence[Any], today: date
) -> dict[int, PhaseFigures]:
    """The figures counted live for the records whose stored ones no longer hold today."""
    stale = [
        r
        for r in records
        if r.phase is not Phase.CLOSED and not holds(r.checklists, r.renewal_due_on, today)
    ]
    return readiness_queries.live_figures(session, stale, today)


def each_row_of(
    records: Sequence[Any],
    live: dict[int, PhaseFigures],
    scope: Scope,
    thresholds: dict[str, int],
) -> Iterator[PortfolioRow]:
    """rows_of, one row at a time, given the `figures_counted_live` of the records: an export
    writes each row before the next is made, so that its containers die young rather than
    pile up for the collector's full sweeps."""
    if not records:
        return
    today = scope.now.date()
    read = _reader(records)
    default, regional = stalled_cutoffs(
        scope.now, default_days=scope.default_stalled_days, thresholds=thresholds
    )
    for record in records:
        row = _row(read(record), today)
        row.stalled = is_stalled(row.phase, row.last_activity, regional.get(row.region, default))
        if row.phase is Phase.CLOSED:
            row.readiness = None
        elif (figured := live.get(row.id)) is not None:
            row.readiness = figured.readiness
            row.progress = progress_of(figured)
        yield row


def matching_ids(session: Session, scope: Scope, filters: PortfolioFilters) -> Select[Any]:
    """The ids of the visible initiatives that pass every dashboard filter, the
    stalled flag and the readiness range included (for summaries built on them)."""
    base = _base(scope, filters)
    if filters.stalled is None and filters.readiness_min is None and filters.readiness_max is None:
        return base
    dialect = session.get_bind().dialect.name
    needed = scores_needed(replace(filters, sort="name"))
    ranked = select(Initiative.id, *_scores(dialect, scope, stalled_thresholds(session), needed))
    ranked = _score_filters(ranked.where(Initiative.id.in_(base)), filters)
    return select(ranked.subquery().c.id)


def visible_ids(scope: Scope, filters: PortfolioFilters) -> Select[Any]:
    """The ids of the filtered, visible initiatives (for the analytics queries)."""
    return _base(scope, filters)
