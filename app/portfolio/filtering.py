"""The portfolio's filters as SQL, the options they offer (the regions and sectors one
may see) and the regions' own stalled thresholds."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import (
    CompoundSelect,
    Integer,
    Select,
    bindparam,
    func,
    literal,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from app.domain.permissions import Role
from app.initiatives.queries import restrict_to_visible, sees_every_initiative
from app.models.accounts import User
from app.models.initiatives import Initiative
from app.models.portfolio import RegionSetting
from app.portfolio.rules import PortfolioFilters, region_thresholds

if TYPE_CHECKING:
    from app.portfolio.queries import Scope

Q = TypeVar("Q", bound=Select[*tuple[Any, ...]])


def _visible(query: Q, user: User) -> Q:
    return restrict_to_visible(query, user.id, user.role)


def _like(words: str) -> str:
    escaped = words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def apply_filters(query: Select[Any], filters: PortfolioFilters) -> Select[Any]:
    """Restrict a select of Initiative by region, phase, sector and free text."""
    if filters.region:
        query = query.where(Initiative.region.in_(filters.region))
    if filters.phase:
        query = query.where(Initiative.phase.in_(filters.phase))
    if filters.sector:
        query = query.where(Initiative.sector.in_(filters.sector))
    if filters.q:
        # Case-insensitive on both databases (app.db gives SQLite a lower() beyond ASCII).
        needle = _like(filters.q.lower())
        query = query.where(
            or_(
                *(
                    func.lower(column).like(needle, escape="\\")
                    for column in (Initiative.name, Initiative.region, Initiative.sector)
                )
            )
        )
    return query


def stalled_thresholds(session: Session) -> dict[str, int]:
    """The regions' own stalled thresholds (days), by region."""
    return dict(
        session.execute(select(RegionSetting.region, RegionSetting.stalled_after_days)).all()
    )


def region_settings(
    session: Session, *, default_days: int, user: User
) -> list[tuple[str, int, bool]]:
    """Every region (with initiatives or settings): (region, days, whether it is the default)."""
    regions = set(session.scalars(_visible(select(Initiative.region).distinct(), user)))
    return region_thresholds(regions, stalled_thresholds(session), default_days=default_days)


def filter_options(session: Session, scope: Scope) -> tuple[list[str], list[str]]:
    """The regions and sectors among the initiatives the user may see (one query)."""
    found: dict[str, set[str]] = {"region": set(), "sector": set()}
    role = scope.user.role
    parameters = {} if sees_every_initiative(role) else {"user_id": scope.user.id}
    for kind, value in session.execute(_options(role), parameters):
        if value:
            found[kind].add(value)
    return sorted(found["region"]), sorted(found["sector"])


@cache
def _options(role: Role) -> CompoundSelect[*tuple[Any, ...]]:
    """Built once a role (every page of the portfolio runs it). Whoever sees every initiative
    gets the values by skipping along each column's index, one probe a value (a DISTINCT
    read all 10,000 initiatives on every page); the others see few initiatives, and a
    DISTINCT over those is cheap."""
    if sees_every_initiative(role):
        return union_all(
            _skipping(Initiative.region, "region"), _skipping(Initiative.sector, "sector")
        )
    user_id = bindparam("user_id", type_=Integer)
    regions: Select[*tuple[Any, ...]] = select(literal("region"), Initiative.region).distinct()
    sectors: Select[*tuple[Any, ...]] = select(literal("sector"), Initiative.sector).distinct()
    return union_all(
        restrict_to_visible(regions, user_id, role), restrict_to_visible(sectors, user_id, role)
    )


def _skipping(column: Any, kind: str) -> Select[*tuple[Any, ...]]:
    """The column's distinct values, each the least above the one before (a recursive
    walk of its index): (kind, value) rows."""
    walk = select(func.min(column).label("value")).cte(f"{kind}_values", recursive=True)
    after = select(func.min(column)).where(column > walk.c.value).scalar_subquery()
    walk = walk.union_all(select(after).where(walk.c.value.is_not(None)))
    return select(literal(kind), walk.c.value).where(walk.c.value.is_not(None))
