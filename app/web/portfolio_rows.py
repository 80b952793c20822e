"""The dashboard's rows as the table shows them: labels, numbers and dates formatted once
in the reader's language, so the template only prints (50 rows repeat the same values)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from markupsafe import Markup

from app import labels
from app.phases import CATEGORY_ORDER, Phase
from app.portfolio.queries import PortfolioRow
from app.rendering import DATE_PATTERNS, LOCAL_TIME, format_day, format_number, macro_html


@dataclass(frozen=True, slots=True)
class ShownRow:
    phase: str
    closed_from: str | None  # the phase a closed initiative left; None while it runs
    progress_html: Markup  # each checklist with items, settled of all (portfolio/_progress.html)
    readiness: str
    days: str
    activity: str


@lru_cache(maxsize=4096)
def _checklist_progress(locale: str, name: str, done: int, total: int) -> Markup:
    return macro_html(locale, "portfolio/_progress.html", "checklist", name, done, total)


@lru_cache(maxsize=64)
def _label(value: str, of: str, locale: str) -> str:
    return labels.label(value, locale, of)


def _numbers(locale: str) -> Callable[[float], str]:
    seen: dict[int, str] = {}

    def number(value: float) -> str:
        whole = round(value)
        if 0 <= whole < 1000:  # no grouping, no minus sign: the same in every locale
            return str(whole)
        if whole not in seen:
            seen[whole] = format_number(whole, locale)
        return seen[whole]

    return number


def _days(locale: str) -> Callable[[datetime], str]:
    seen: dict[date, str] = {}
    iso = DATE_PATTERNS.get(locale) == "yyyy-MM-dd"  # Swedish dates are ISO dates

    def day(moment: datetime) -> str:
        local = (moment.astimezone(LOCAL_TIME) if moment.tzinfo else moment).date()
        if local not in seen:
            seen[local] = local.isoformat() if iso else format_day(local, locale)
        return seen[local]

    return day


def shown_rows(
    rows: list[PortfolioRow], now: datetime, locale: str
) -> list[tuple[PortfolioRow, ShownRow]]:
    number, day = _numbers(locale), _days(locale)
    checklists = [(c, _label(c.value, "Category", locale)) for c in CATEGORY_ORDER]
    found = []
    for row in rows:
        closed = row.phase is Phase.CLOSED
        shown = ShownRow(
            phase=_label(row.phase.value, "Phase", locale),
            closed_from=(
                _label(row.closed_from.value if row.closed_from else "", "Phase", locale)
                if closed
                else None
            ),
            progress_html=Markup("").join(
                _checklist_progress(locale, name, *row.progress[c])
                for c, name in checklists
                if row.progress[c][1]
            ),
            readiness="" if row.readiness is None else number(row.readiness),
            days=number(row.days_in_phase(now)),
            activity=day(row.last_activity),
        )
        found.append((row, shown))
    return found
