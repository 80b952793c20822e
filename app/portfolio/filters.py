"""The portfolio filters, parsed once from a query string and applied in SQL.

The same parameters drive /portfolio, /api/portfolio, the exports and the
portfolio report, so a filtered view can be bookmarked and shared.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import Select, func, or_

from app.models import Initiative
from app.phases import Phase

SORTS = ("name", "region", "sector", "phase", "readiness", "days_in_phase", "last_activity")
PER_PAGE_DEFAULT = 50
PER_PAGE_MAX = 200
Q_MAX = 200


class InvalidFilter(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True, slots=True)
class PortfolioFilters:
    region: tuple[str, ...] = ()
    phase: tuple[Phase, ...] = ()
    sector: tuple[str, ...] = ()
    stalled: bool | None = None
    readiness_min: int | None = None
    readiness_max: int | None = None
    q: str = ""
    sort: str = "name"
    order: str = "asc"
    page: int = 1
    per_page: int = PER_PAGE_DEFAULT

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    def query_items(self) -> list[tuple[str, str]]:
        """The filters as query-string pairs, leaving out defaults (stable, shareable URLs)."""
        pairs: list[tuple[str, str]] = [("region", r) for r in self.region]
        pairs += [("phase", p.value) for p in self.phase]
        pairs += [("sector", s) for s in self.sector]
        if self.stalled is not None:
            pairs.append(("stalled", "true" if self.stalled else "false"))
        if self.readiness_min is not None:
            pairs.append(("readiness_min", str(self.readiness_min)))
        if self.readiness_max is not None:
            pairs.append(("readiness_max", str(self.readiness_max)))
        if self.q:
            pairs.append(("q", self.q))
        if self.sort != "name":
            pairs.append(("sort", self.sort))
        if self.order != "asc":
            pairs.append(("order", self.order))
        if self.page != 1:
            pairs.append(("page", str(self.page)))
        if self.per_page != PER_PAGE_DEFAULT:
            pairs.append(("per_page", str(self.per_page)))
        return pairs

    def url_query(self, **changes: Any) -> str:
        return urlencode((replace(self, **changes) if changes else self).query_items())

    def sorted_by(self, column: str) -> str:
        """The query string that sorts by `column`, flipping the order if already sorted by it."""
        order = "desc" if self.sort == column and self.order == "asc" else "asc"
        return self.url_query(sort=column, order=order, page=1)


def replace_page(filters: PortfolioFilters, *, page: int, per_page: int) -> PortfolioFilters:
    return replace(filters, page=page, per_page=per_page)


def _integer(field: str, raw: str, low: int, high: int) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise InvalidFilter(field, f"{field} must be a whole number.") from None
    if not low <= value <= high:
        raise InvalidFilter(field, f"{field} must be between {low} and {high}.")
    return value


def _one(params: Mapping[str, Sequence[str]], name: str) -> str | None:
    values = [v for v in params.get(name, ()) if v != ""]
    return values[-1] if values else None


def parse_filters(params: Mapping[str, Sequence[str]]) -> PortfolioFilters:
    """Parse a multi-valued query string; raise InvalidFilter naming the field."""
    region = tuple(dict.fromkeys(v.strip() for v in params.get("region", ()) if v.strip()))
    sector = tuple(dict.fromkeys(v.strip() for v in params.get("sector", ()) if v.strip()))
    phases: list[Phase] = []
    for raw in params.get("phase", ()):
        if not raw:
            continue
        try:
            phases.append(Phase(raw))
        except ValueError:
            raise InvalidFilter("phase", f"Unknown phase {raw!r}.") from None
    stalled_raw = _one(params, "stalled")
    stalled: bool | None = None
    if stalled_raw is not None:
        if stalled_raw not in {"true", "false"}:
            raise InvalidFilter("stalled", "stalled must be true or false.")
        stalled = stalled_raw == "true"
    low_raw, high_raw = _one(params, "readiness_min"), _one(params, "readiness_max")
    low = _integer("readiness_min", low_raw, 0, 100) if low_raw is not None else None
    high = _integer("readiness_max", high_raw, 0, 100) if high_raw is not None else None
    if low is not None and high is not None and low > high:
        raise InvalidFilter("readiness_min", "readiness_min must not exceed readiness_max.")
    q = (_one(params, "q") or "").strip()
    if len(q) > Q_MAX:
        raise InvalidFilter("q", f"q is longer than {Q_MAX} characters.")
    sort = _one(params, "sort") or "name"
    if sort not in SORTS:
        raise InvalidFilter("sort", f"sort must be one of: {', '.join(SORTS)}.")
    order = _one(params, "order") or "asc"
    if order not in {"asc", "desc"}:
        raise InvalidFilter("order", "order must be asc or desc.")
    page_raw, per_page_raw = _one(params, "page"), _one(params, "per_page")
    page = _integer("page", page_raw, 1, 10**6) if page_raw is not None else 1
    per_page = (
        _integer("per_page", per_page_raw, 1, PER_PAGE_MAX)
        if per_page_raw is not None
        else PER_PAGE_DEFAULT
    )
    return PortfolioFilters(
        region, tuple(dict.fromkeys(phases)), sector, stalled, low, high, q, sort, order, page,
        per_page,
    )  # fmt: skip


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
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
