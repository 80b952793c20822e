"""Support delivered as a log: the kinds of support, checking an activity as sent (JSON or
form), who records, and the quarters the portfolio counts by. Pure."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from app.domain.invalid import InvalidField
from app.domain.permissions import Role

HOURS_MAX = Decimal("9999.99")  # Numeric(6, 2)
COST_MAX = 1_000_000_000  # kronor; an Integer column holds it
NOTE_MAX = 2000
FIELDS = frozenset({"on", "kind", "hours", "cost_sek", "item_key", "note"})
_WHOLE = re.compile(r"^[0-9]+$")


class SupportKind(StrEnum):
    WORKSHOP = "workshop"
    ADVICE = "advice"
    ANALYSIS = "analysis"
    MATCHMAKING = "matchmaking"
    FUNDING_ADVICE = "funding_advice"
    TRAINING = "training"
    OTHER = "other"


class InvalidActivity(InvalidField):
    pass


@dataclass(frozen=True, slots=True)
class ActivityInput:
    on: date
    kind: SupportKind
    hours: Decimal
    cost_sek: int
    item_key: str | None
    note: str | None


def may_record(role: Role) -> bool:
    """The support function records the support it gives; admins may too."""
    return role in {Role.ADMIN, Role.SUPPORT}


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def parse_day(field: str, value: object) -> date:
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise InvalidActivity(field, f"{field} must be a date (YYYY-MM-DD).", "invalid_date")
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidActivity(
            field, f"{field} must be a date (YYYY-MM-DD).", "invalid_date"
        ) from None


def _hours(value: object) -> Decimal:
    problem = InvalidActivity(
        "hours", "hours must be a number from 0 to 9999.99 with at most two decimals.",
        "invalid_hours",
    )  # fmt: skip
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise problem
    text = value.strip().replace(",", ".") if isinstance(value, str) else str(value)
    try:
        hours = Decimal(text)
    except InvalidOperation:
        raise problem from None
    if not hours.is_finite() or hours < 0 or hours > HOURS_MAX:
        raise problem
    if hours != hours.quantize(Decimal("0.01")):
        raise problem
    return hours.quantize(Decimal("0.01"))


def _cost(value: object) -> int:
    problem = InvalidActivity(
        "cost_sek", f"cost_sek must be whole kronor from 0 to {COST_MAX}.", "invalid_cost"
    )
    if _blank(value):
        return 0
    if isinstance(value, bool):
        raise problem
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str):
        text = value.strip().replace(" ", "").replace("\u00a0", "")
        if not _WHOLE.match(text):
            raise problem
        value = int(text)
    if not isinstance(value, int) or not 0 <= value <= COST_MAX:
        raise problem
    return value


def validate_activity(
    raw: Mapping[str, Any], *, today: date, support_keys: Collection[str]
) -> ActivityInput:
    """The activity, or InvalidActivity naming the first field that is wrong.

    `support_keys` are the Processtöd items of the initiative's pinned phase-model version:
    an activity may say which of them it fulfils, and nothing else.
    """
    unknown = sorted(set(raw) - FIELDS)
    if unknown:
        raise InvalidActivity(
            unknown[0], f"Unknown field {unknown[0]!r}.", "unknown_field", name=unknown[0]
        )
    if _blank(raw.get("on")):
        raise InvalidActivity("on", "on is required.", "required")
    on = parse_day("on", raw["on"])
    if on > today:
        raise InvalidActivity("on", "on must not be in the future.", "date_in_future")
    kind_raw = raw.get("kind")
    try:
        kind = SupportKind(kind_raw.strip() if isinstance(kind_raw, str) else str(kind_raw))
    except ValueError:
        kinds = ", ".join(k.value for k in SupportKind)
        raise InvalidActivity(
            "kind", f"kind must be one of {kinds}.", "unknown_support_kind"
        ) from None
    if _blank(raw.get("hours")):
        raise InvalidActivity("hours", "hours is required.", "invalid_hours")
    hours = _hours(raw["hours"])
    cost = _cost(raw.get("cost_sek"))
    item_raw = raw.get("item_key")
    item_key = None if _blank(item_raw) else str(item_raw).strip()
    if item_key is not None and item_key not in support_keys:
        raise InvalidActivity(
            "item_key",
            f"{item_key!r} is not a process-support item of this initiative's phase model.",
            "unknown_support_item",
        )
    note_raw = raw.get("note")
    if not _blank(note_raw) and not isinstance(note_raw, str):
        raise InvalidActivity("note", "note must be text.", "required")
    note = None if _blank(note_raw) else str(note_raw).strip()
    if note is not None and len(note) > NOTE_MAX:
        raise InvalidActivity(
            "note", f"note is longer than {NOTE_MAX} characters.", "too_long", limit=NOTE_MAX
        )
    return ActivityInput(on, kind, hours, cost, item_key, note)


def started(raw: Mapping[str, str]) -> bool:
    """Whether a form's optional activity fields (beside an item) were filled in at all."""
    return any(not _blank(raw.get(name)) for name in ("kind", "hours", "cost_sek"))


def complete(raw: Mapping[str, str]) -> bool:
    """Kind and hours given: the activity is to be recorded (and checked)."""
    return not _blank(raw.get("kind")) and not _blank(raw.get("hours"))


# --- periods and quarters ---


def parse_period(start: str | None, end: str | None) -> tuple[date | None, date | None]:
    """`from` and `to` of a query string (either may be left out); InvalidActivity names
    the parameter that is wrong."""
    first = None if _blank(start) else parse_day("from", start)
    last = None if _blank(end) else parse_day("to", end)
    if first is not None and last is not None and last < first:
        raise InvalidActivity("to", "to must not be before from.", "invalid_period")
    return first, last


Quarter = tuple[int, int]  # (year, 1..4)


def quarter_of(day: date) -> Quarter:
    return day.year, (day.month - 1) // 3 + 1


def quarter_of_month(year: int, month: int) -> Quarter:
    return year, (month - 1) // 3 + 1


def last_quarters(today: date, count: int = 4) -> list[Quarter]:
    """The `count` quarters up to and including today's, oldest first."""
    year, quarter = quarter_of(today)
    found = []
    for _ in range(count):
        found.append((year, quarter))
        year, quarter = (year - 1, 4) if quarter == 1 else (year, quarter - 1)
    return found[::-1]


def quarter_start(quarter: Quarter) -> date:
    year, number = quarter
    return date(year, 3 * number - 2, 1)
