"""The portfolio's filters as SQL, the options they offer (the regions and sectors one
may see) and the regions' own stalled thresholds."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import Select, func, literal, or_, select, union_all
from sqlalchemy.orm import Session

from app.initiatives.queries import restrict_to_visible
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
    """The regions and sectors among the initiatives the user may see (one query).

    Two DISTINCTs rather than one over the pairs: each is a small set, and the regions
    come from their index (the pairs cost a sort of every initiative)."""
    regions = _visible(select(literal("region"), Initiative.region).distinct(), scope.user)
    sectors = _visible(select(literal("sector"), Initiative.sector).distinct(), scope.user)
    found: dict[str, set[str]] = {"region": set(), "sector": set()}
    both: list[Any] = list(session.execute(union_all(regions, sectors)))
    for kind, value in both:
        if value:
            found[kind].add(value)
    return sorted(found["region"]), sorted(found["sector"])
