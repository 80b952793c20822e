"""Use-cases of the support log: record an activity (alone, or with the tick of the
Processtöd item it delivers), and read it for an initiative and for the portfolio."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from app import errors
from app.clock import local_today
from app.domain.items import ItemUpdate
from app.initiatives import items as initiative_items
from app.initiatives import queries as initiative_queries
from app.initiatives.items import SavedItem
from app.models.accounts import User
from app.models.initiatives import Initiative, ItemState
from app.models.support import SupportActivity
from app.phases import Category, Item, get_model
from app.portfolio import queries as portfolio_queries
from app.portfolio.queries import Scope
from app.portfolio.rules import PortfolioFilters
from app.records import audit_record, initiative_to_record_on, invalid_input
from app.support import queries, rules
from app.support.queries import NONE, Totals
from app.uow import unit_of_work


def support_items(initiative: Initiative) -> list[Item]:
    """The Processtöd items of the initiative's pinned phase-model version, in model order;
    not its headings, which support delivers nothing to (they are never ticked)."""
    return support_items_of(initiative.model_version)


def support_items_of(version: str) -> list[Item]:
    """The Processtöd items of a phase-model version (see support_items)."""
    model = get_model(version)
    return [i for i in model.items if i.category is Category.SUPPORT and not i.heading]


def items_of(session: Session, *, user: User, initiative_id: int) -> dict[str, Item]:
    initiative = initiative_queries.visible_initiative(session, user, initiative_id)
    return {item.key: item for item in support_items(initiative)}


def may_record(user: User) -> bool:
    return rules.may_record(user.role)


@unit_of_work
def record_activity(
    session: Session, *, user: User, initiative_id: int, raw: Mapping[str, Any]
) -> SupportActivity:
    """Check and store one activity. NotFound if the user may not see the initiative,
    Forbidden unless support or admin, InvalidInput naming the field."""
    initiative = initiative_to_record_on(
        session, user, initiative_id,
        allowed=rules.may_record(user.role),
        refusal=errors.Forbidden(
            "Only support officers and admins record support activities.",
            code="may_not_record_support",
        ),
    )  # fmt: skip
    keys = {item.key for item in support_items(initiative)}
    try:
        data = rules.validate_activity(raw, today=local_today(), support_keys=keys)
    except rules.InvalidActivity as bad:
        raise invalid_input(bad) from bad
    fields = asdict(data)
    activity = audit_record(
        session,
        SupportActivity(
            initiative_id=initiative.id,
            created_by_id=user.id,
            delivered_on=fields.pop("on"),
            **fields,
        ),
        actor=user, action="support_activity.record", target_type="support_activity",
        initiative=initiative, after=asdict(data),
    )  # fmt: skip
    session.refresh(activity, ["created_by"])
    return activity


@dataclass(frozen=True)
class ItemSaved:
    item: SavedItem
    activity: SupportActivity | None

    @property
    def state(self) -> ItemState:
        return self.item.state


@unit_of_work
def save_item(
    session: Session,
    *,
    user: User,
    initiative_id: int,
    key: str,
    update: ItemUpdate,
    activity: Mapping[str, str],
    keep_unsent: bool = False,
    unless_unchanged: bool = False,
    with_answer_reads: bool = False,
) -> ItemSaved:
    """Save an item and, when the form's activity fields give a kind and hours, record the
    support that delivered it (dated today, naming the item) in the same unit of work:
    if either is refused, neither is saved. `keep_unsent`, `unless_unchanged` and
    `with_answer_reads` as app.initiatives.items.save_item takes them (support recorded is
    a change)."""
    complete = rules.complete(activity)
    saved = initiative_items.save_item(
        session, actor=user, initiative_id=initiative_id, key=key, update=update,
        keep_unsent=keep_unsent, unless_unchanged=unless_unchanged and not complete,
        with_answer_reads=with_answer_reads,
    )  # fmt: skip
    if not complete:
        return ItemSaved(saved, None)
    raw = {**activity, "on": local_today().isoformat(), "item_key": key}
    recorded = record_activity(session, user=user, initiative_id=initiative_id, raw=raw)
    return ItemSaved(saved, recorded)


@dataclass
class SupportLog:
    activities: list[SupportActivity]
    totals: Totals
    items: dict[str, Item] = field(default_factory=dict)  # the Processtöd items, by key
    model_version: str = ""  # the version they are of


def log_of(session: Session, *, user: User, initiative_id: int) -> SupportLog:
    """The initiative's activities, newest first, with their totals."""
    initiative = initiative_queries.visible_initiative(session, user, initiative_id)
    found = list(queries.activities(session, initiative.id))
    totals = sum((Totals(1, a.hours, a.cost_sek) for a in found), NONE)
    items = {i.key: i for i in support_items(initiative)}
    return SupportLog(found, totals, items, initiative.model_version)


@dataclass
class RegionSummary:
    items: list[tuple[str, Totals]]

    @property
    def total(self) -> Totals:
        return sum((t for _, t in self.items), NONE)


def period(start: str | None, end: str | None) -> tuple[date | None, date | None]:
    """The `from` and `to` of a query string; InvalidInput naming the one that is wrong."""
    try:
        return rules.parse_period(start, end)
    except rules.InvalidActivity as bad:
        raise invalid_input(bad) from bad


def portfolio_support(
    session: Session,
    *,
    scope: Scope,
    chosen: PortfolioFilters,
    start: date | None,
    end: date | None,
) -> RegionSummary:
    """Per region, over the initiatives the user may see that pass the dashboard's filters."""
    ids = portfolio_queries.matching_ids(session, scope, chosen)
    return RegionSummary(queries.by_region(session, ids, start=start, end=end))


@dataclass
class SupportFigures:
    """The portfolio's support delivered over the last four quarters, for its charts."""

    quarters: list[rules.Quarter]
    by_quarter: list[tuple[rules.Quarter, Totals]]  # oldest first
    by_region: list[tuple[str, Totals]]  # most hours first
    by_initiative: list[tuple[str, Totals]]  # the top INITIATIVES_SHOWN, most hours first
    by_region_quarter: dict[str, list[Totals]]  # per region, one per quarter

    @property
    def total(self) -> Totals:
        return sum((t for _, t in self.by_quarter), NONE)


INITIATIVES_SHOWN = 15


def portfolio_figures(session: Session, ids: Any, *, today: date) -> SupportFigures:
    """Hours and kronor per quarter, region and initiative: two queries."""
    quarters = rules.last_quarters(today)
    start = rules.quarter_start(quarters[0])
    monthly = queries.by_region_month(session, ids, start=start, end=today)
    cells: dict[str, dict[rules.Quarter, Totals]] = {}
    for region, year, month, totals in monthly:
        quarter = rules.quarter_of_month(year, month)
        by_quarter = cells.setdefault(region, {})
        by_quarter[quarter] = by_quarter.get(quarter, NONE) + totals
    grid = {r: [q.get(quarter, NONE) for quarter in quarters] for r, q in sorted(cells.items())}
    per_region = [(r, sum(row, NONE)) for r, row in grid.items()]
    per_region.sort(key=lambda pair: (-pair[1].hours, pair[0]))
    per_quarter = [
        (q, sum((row[n] for row in grid.values()), NONE)) for n, q in enumerate(quarters)
    ]
    top = queries.by_initiative(session, ids, start=start, end=today, limit=INITIATIVES_SHOWN)
    return SupportFigures(
        quarters, per_quarter, per_region, [(name, t) for _, name, t in top], grid
    )
