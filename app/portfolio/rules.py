"""The portfolio's rules: its filters, when an initiative is stalled, which items a gate
needs, who manages regions and who gets the digest. Pure: no I/O.

The same filter parameters drive /portfolio, /api/portfolio, the exports and the
portfolio report, so a filtered view can be bookmarked and shared.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from app.domain.permissions import Role
from app.errors import InvalidInput
from app.phases import MODELS, PHASE_ORDER, Item, Phase

SORTS = ("name", "region", "sector", "phase", "readiness", "days_in_phase", "last_activity")
# Sorts and filters that need every initiative's aggregates before paging.
SCORED_SORTS = frozenset({"readiness", "last_activity"})
PER_PAGE_DEFAULT = 50
PER_PAGE_MAX = 200
Q_MAX = 200
REGION_MAX = 120
STALLED_DAYS_MAX = 3650
# Support officers follow the regions' initiatives day to day: the digest is for them.
DIGEST_ROLE = Role.SUPPORT


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


def filters_on_scores(filters: PortfolioFilters) -> bool:
    """Whether a filter keeps initiatives by a score (stalled, a readiness range), not only
    by their own columns."""
    return (
        filters.stalled is not None
        or filters.readiness_min is not None
        or filters.readiness_max is not None
    )


def scores_needed(filters: PortfolioFilters) -> frozenset[str]:
    """The scores (readiness, last_activity, stalled) that sorting or filtering ranks by:
    with none, the page is picked before anything is aggregated."""
    needed = {filters.sort} & SCORED_SORTS
    if filters.stalled is not None:
        needed.add("stalled")
    if filters.readiness_min is not None or filters.readiness_max is not None:
        needed.add("readiness")
    return frozenset(needed)


def stalled_cutoffs(
    now: datetime, *, default_days: int, thresholds: Mapping[str, int]
) -> tuple[datetime, dict[str, datetime]]:
    """No activity since the cutoff means stalled: the default cutoff, and each region's own.

    Closed initiatives are never stalled.
    """
    regional = {region: now - timedelta(days=days) for region, days in thresholds.items()}
    return now - timedelta(days=default_days), regional


def is_stalled(phase: Phase, last_activity: datetime, cutoff: datetime) -> bool:
    """No activity since the cutoff (see `stalled_cutoffs`); a closed initiative never is.
    As app/portfolio/scores.py has it in SQL."""
    return phase is not Phase.CLOSED and last_activity < cutoff


def may_manage_regions(role: Role) -> bool:
    return role in {Role.ADMIN, Role.SUPPORT}


def region_setting(region: str, days: int) -> str:
    """The region's name to store its stalled threshold under; InvalidInput if either is wrong."""
    region = region.strip()
    if not region or len(region) > REGION_MAX:
        raise InvalidInput("region", f"Give a region (at most {REGION_MAX} characters).")
    if not 1 <= days <= STALLED_DAYS_MAX:
        raise InvalidInput(
            "stalled_after_days", f"Give a number of days from 1 to {STALLED_DAYS_MAX}."
        )
    return region


def region_thresholds(
    regions: set[str], custom: Mapping[str, int], *, default_days: int
) -> list[tuple[str, int, bool]]:
    """Every region (with initiatives or settings): (region, days, whether it is the default)."""
    everywhere = regions | set(custom)
    return [(r, custom.get(r, default_days), r not in custom) for r in sorted(everywhere)]


def required_by_gate() -> dict[tuple[str, Phase], tuple[Item, ...]]:
    """The required items of each (model version, phase): the gate out of the phase.

    Readiness is the share of them settled. A closed initiative has no gate (no
    readiness); the last phase has no gate out, so its readiness is how complete it
    is; a phase without required items is 100 % ready.
    """
    return {
        (version, phase): model.required_items(phase)
        for version, model in MODELS.items()
        for phase in PHASE_ORDER
    }


def five_numbers(values: Sequence[float]) -> tuple[float, float, float, float, float]:
    """Minimum, quartiles and maximum of a box plot (quartiles kept inside the range)."""
    ordered = sorted(values)
    if len(ordered) == 1:
        v = ordered[0]
        return v, v, v, v, v
    q1, median, q3 = statistics.quantiles(ordered, n=4)
    return ordered[0], max(q1, ordered[0]), median, min(q3, ordered[-1]), ordered[-1]
