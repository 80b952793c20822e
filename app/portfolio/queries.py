"""The portfolio's reads: its rows, every figure aggregated in SQL, a constant number
of queries; which initiatives a user sees in it; the region settings.

A page costs the region settings, one query that counts and picks the page,
and one that details it (plus the filter options). Picking the page needs no
scan of all items: readiness and last activity are correlated look-ups on the
(initiative_id, item_key) and (initiative_id, updated_at) indexes, so sorting
or filtering by them stays fast at 10,000 initiatives. Only the page's own
items are aggregated for the progress bars.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from typing import Any, TypeVar

from sqlalchemy import Select, String, and_, case, func, select, text, type_coerce
from sqlalchemy.orm import Session

from app.excellence import queries as excellence_queries
from app.excellence.rules import LabelLevel
from app.grants.queries import grant_figures
from app.initiatives import listing as initiative_listing
from app.initiatives import queries as initiative_queries
from app.models.accounts import User
from app.models.initiatives import Initiative, ItemState
from app.phases import PHASE_ORDER, Category, Phase
from app.portfolio import readiness as ready
from app.portfolio.filtering import apply_filters, stalled_thresholds
from app.portfolio.rules import SCORED_SORTS, PortfolioFilters, scores_needed
from app.portfolio.scores import scores
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


@dataclass
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
        return max(1, -(-self.total // self.filters.per_page))


@lru_cache(maxsize=4)  # the same expressions all day (they carry the date): build them once
def _item_sums(today: date) -> tuple[Any, ...]:
    phase_text = type_coerce(Initiative.phase, String)
    settled = ready.settled_clause(today)
    columns: list[Any] = []
    for category in Category:
        in_category = and_(
            ItemState.item_key.like(phase_text + ".%"),
            initiative_listing.category_clause(category),  # headings left out
        )
        columns += [
            func.sum(case((in_category, 1), else_=0)).label(f"{category.value}_total"),
            func.sum(case((and_(in_category, settled), 1), else_=0)).label(
                f"{category.value}_done"
            ),
        ]
    return tuple(columns)


def _scored(dialect: str, ids: Any, scope: Scope, thresholds: dict[str, int]) -> Select[Any]:
    """Initiatives whose id is in `ids`, with scores, checklist progress and support delivered."""
    items = (
        select(ItemState.initiative_id.label("initiative_id"), *_item_sums(scope.now.date()))
        .join(Initiative, Initiative.id == ItemState.initiative_id)
        .where(ItemState.initiative_id.in_(ids))
        .group_by(ItemState.initiative_id)
        .subquery("items")
    )
    grants = grant_figures(ids, scope.now)
    support = support_queries.totals_by_initiative(ids)
    level, valid_until = excellence_queries.label_in_force(scope.now.date())
    return (
        select(
            Initiative,
            *_scores(dialect, scope, thresholds),
            func.coalesce(support.c.support_activities, 0).label("support_activities"),
            func.coalesce(support.c.support_hours, 0).label("support_hours"),
            func.coalesce(support.c.support_cost_sek, 0).label("support_cost_sek"),
            level.label("label_level"),
            valid_until.label("label_valid_until"),
            *(items.c[f"{c.value}_{kind}"] for c in Category for kind in ("done", "total")),
            grants.c.granted_sek,
            grants.c.cofinancing_sek,
            grants.c.grant_ending_on,
        )
        .outerjoin(items, items.c.initiative_id == Initiative.id)
        .outerjoin(grants, grants.c.initiative_id == Initiative.id)
        .outerjoin(support, support.c.initiative_id == Initiative.id)
        .where(Initiative.id.in_(ids))
    )


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


def _row(record: Any) -> PortfolioRow:
    initiative: Initiative = record[0]
    mapping = record._mapping
    return PortfolioRow(
        id=initiative.id,
        name=initiative.name,
        region=initiative.region,
        sector=initiative.sector,
        phase=initiative.phase,
        closed_from=initiative.closed_from,
        model_version=initiative.model_version,
        phase_entered_at=initiative.phase_entered_at,
        last_activity=mapping["last_activity"],
        readiness=None if mapping["readiness"] is None else float(mapping["readiness"]),
        stalled=bool(mapping["stalled"]),
        support_activities=int(mapping["support_activities"] or 0),
        support_hours=Decimal(mapping["support_hours"] or 0).quantize(support_queries.CENT),
        support_cost_sek=int(mapping["support_cost_sek"] or 0),
        progress={
            c: (int(mapping[f"{c.value}_done"] or 0), int(mapping[f"{c.value}_total"] or 0))
            for c in Category
        },
        granted_sek=int(mapping["granted_sek"] or 0),
        cofinancing_sek=int(mapping["cofinancing_sek"] or 0),
        grant_ending_on=mapping["grant_ending_on"],
        label_level=mapping["label_level"],
        label_valid_until=mapping["label_valid_until"],
    )


def _base(scope: Scope, filters: PortfolioFilters) -> Select[Any]:
    return apply_filters(restrict_visible(select(Initiative.id), scope.user), filters)


def portfolio_page(session: Session, scope: Scope, filters: PortfolioFilters) -> PortfolioPage:
    """One page of the dashboard: the same few queries whatever the size of the portfolio."""
    base = _base(scope, filters)
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        # The correlated look-ups inflate the cost estimate past PostgreSQL's JIT
        # threshold; compiling costs more than the query (see bench/portfolio.py).
        session.execute(text("SET LOCAL jit = off"))
    thresholds = stalled_thresholds(session)
    if needed := scores_needed(filters):
        # Rank every matching initiative by index look-ups only, then detail the page.
        ranked = select(Initiative.id, *_scores(dialect, scope, thresholds, needed))
        ranked = _score_filters(ranked.where(Initiative.id.in_(base)), filters)
        query = ranked.add_columns(func.count().over().label("total"))
        query = query.order_by(*_order(filters, ranked)).limit(filters.per_page)
        found = session.execute(query.offset(filters.offset)).all()
        if found:
            total = int(found[0]._mapping["total"])
        else:
            total = session.scalar(select(func.count()).select_from(ranked.subquery())) or 0
        page_ids: Any = [row[0] for row in found]
    else:
        total = session.scalar(select(func.count()).select_from(base.subquery())) or 0
        chosen = base.order_by(*_order(filters, None)).limit(filters.per_page)
        page_ids = select(chosen.offset(filters.offset).subquery().c.id)
    scored = _scored(dialect, page_ids, scope, thresholds)
    records = session.execute(scored.order_by(*_order(filters, scored))).all()
    return PortfolioPage([_row(r) for r in records], total, filters)


def iter_rows(
    session: Session, scope: Scope, filters: PortfolioFilters, *, chunk: int = 500
) -> Iterator[PortfolioRow]:
    """Every matching row, streamed from the database in chunks (for the exports)."""
    dialect = session.get_bind().dialect.name
    scored = _scored(dialect, _base(scope, filters), scope, stalled_thresholds(session))
    scored = _score_filters(scored, filters)
    query = scored.order_by(*_order(filters, scored)).execution_options(yield_per=chunk)
    for record in session.execute(query):
        yield _row(record)


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
