"""The portfolio filters (region, phase, sector, q) as one restriction of an Initiative select.

The dashboard (issue 4) uses the same query parameters with the same meaning; at merge
this module gives way to its shared filter module.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from app.models import Initiative
from app.phases import Phase

Q_MAX = 200


class InvalidFilter(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True, slots=True)
class PortfolioFilter:
    regions: tuple[str, ...] = ()
    phases: tuple[Phase, ...] = ()
    sectors: tuple[str, ...] = ()
    q: str = ""

    def query_pairs(self) -> list[tuple[str, str]]:
        """The filter as URL query pairs, for links that keep it."""
        pairs = [("region", r) for r in self.regions] + [("phase", p.value) for p in self.phases]
        pairs += [("sector", s) for s in self.sectors]
        return pairs + ([("q", self.q)] if self.q else [])


def parse_filter(
    *, region: Sequence[str], phase: Sequence[str], sector: Sequence[str], q: str | None
) -> PortfolioFilter:
    """Repeatable region/phase/sector (any of them matches), q: free text; blanks ignored."""
    phases: list[Phase] = []
    for value in phase:
        if not value.strip():
            continue
        try:
            phases.append(Phase(value.strip()))
        except ValueError:
            known = ", ".join(p.value for p in Phase)
            raise InvalidFilter("phase", f"Unknown phase {value!r}; use one of {known}.") from None
    text = (q or "").strip()
    if len(text) > Q_MAX:
        raise InvalidFilter("q", f"The search text is longer than {Q_MAX} characters.")
    return PortfolioFilter(
        regions=tuple(r.strip() for r in region if r.strip()),
        phases=tuple(phases),
        sectors=tuple(s.strip() for s in sector if s.strip()),
        q=text,
    )


def _contains(text: str) -> str:
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def restrict(query: Select[Any], chosen: PortfolioFilter) -> Select[Any]:
    if chosen.regions:
        query = query.where(Initiative.region.in_(chosen.regions))
    if chosen.phases:
        query = query.where(Initiative.phase.in_(chosen.phases))
    if chosen.sectors:
        query = query.where(Initiative.sector.in_(chosen.sectors))
    if chosen.q:
        pattern = _contains(chosen.q)
        query = query.where(
            or_(
                *(
                    func.lower(column).like(pattern, escape="\\")
                    for column in (Initiative.name, Initiative.region, Initiative.sector)
                )
            )
        )
    return query


def choices(session: Session, initiatives: Select[Any]) -> tuple[list[str], list[str]]:
    """The regions and sectors among these initiatives, for the filter form: one query."""
    sub = initiatives.subquery()
    rows = session.execute(select(sub.c.region, sub.c.sector).distinct()).all()
    regions = sorted({region for region, _ in rows})
    sectors = sorted({sector for _, sector in rows if sector})
    return regions, sectors
