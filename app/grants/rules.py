"""Grants and funding organisations: who writes, and what a valid grant is. Pure.

Amounts are whole kronor. Co-financing is a total and, when known, its cash and
in-kind parts: a request may give the total, the parts, or both (they must agree).
Given only the total, the split stays unknown (both parts None).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from app.domain.permissions import Role
from app.errors import InvalidInput
from app.phases import PHASE_ORDER, Phase

NAME_MAX = 200
PROGRAMME_MAX = 200
AMOUNT_MAX = 10**12  # a trillion kronor: far above any grant, far below BIGINT
REPORTING_DATES_MAX = 60
ID_MAX = 2**31 - 1  # an INTEGER key: larger ids are unknown, not a database error
ENDING_SOON_DAYS = 90  # a grant ending within this many days is flagged on the portfolio

FIELDS = frozenset({
    "funder", "programme", "amount_sek", "cofinancing_sek", "cofinancing_cash_sek",
    "cofinancing_in_kind_sek", "starts_on", "ends_on", "phases", "reporting_dates",
})  # fmt: skip


class GroupBy(StrEnum):
    """How the portfolio's financing is summed up."""

    REGION = "region"  # the initiative's region
    FUNDER = "funder"  # the funding organisation
    PHASE = "phase"  # each phase a grant funds (a grant funding two counts in both)


def may_add_grant(role: Role) -> bool:
    """Support officers and admins record grants; members and funders read them."""
    return role in {Role.ADMIN, Role.SUPPORT}


def may_add_funding_organisation(role: Role) -> bool:
    return role is Role.ADMIN


def ending_soon(ends_on: date, today: date) -> bool:
    return today <= ends_on <= today + timedelta(days=ENDING_SOON_DAYS)


def clean_text(field: str, value: object, *, limit: int, required: bool) -> str | None:
    """Trimmed, inner runs of spaces made one; None when empty and not required."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidInput(field, f"{field} must be text.", code="required")
    text = " ".join(value.split())
    # NUL and other control characters, and lone surrogates: no database stores them.
    if any(unicodedata.category(c) in {"Cc", "Cs"} for c in text):
        raise InvalidInput(
            field, f"{field} contains characters that cannot be stored.", code="invalid_characters"
        )
    if not text:
        if required:
            raise InvalidInput(field, f"Fill in {field}.", code="required")
        return None
    if len(text) > limit:
        raise InvalidInput(
            field, f"{field} is longer than {limit} characters.", code="too_long", limit=limit
        )
    return text


def no_unknown_fields(raw: Mapping[str, Any], known: frozenset[str]) -> None:
    """A request body's field nobody reads is refused, never silently ignored."""
    unknown = sorted(set(raw) - known)
    if unknown:
        raise InvalidInput(
            unknown[0], f"Unknown field {unknown[0]!r}.", code="unknown_field", name=unknown[0]
        )


def organisation_name(raw: Mapping[str, Any]) -> str:
    no_unknown_fields(raw, frozenset({"name"}))
    name = clean_text("name", raw.get("name"), limit=NAME_MAX, required=True)
    assert name is not None
    return name


@dataclass(frozen=True, slots=True)
class GrantInput:
    funder_id: int
    programme: str | None
    amount_sek: int
    cofinancing_sek: int
    cofinancing_cash_sek: int | None
    cofinancing_in_kind_sek: int | None
    starts_on: date
    ends_on: date
    phases: tuple[Phase, ...]
    reporting_dates: tuple[date, ...]


def _kronor(value: object) -> int | None:
    """A whole number of kronor from a number or a text such as "1 500 000"; None if not."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        digits = "".join(value.split()).replace("_", "")
        sign = -1 if digits.startswith("-") else 1
        digits = digits.removeprefix("-")
        if digits.isascii() and digits.isdigit():
            return sign * int(digits)
    return None


def _present(raw: Mapping[str, Any], name: str) -> bool:
    return raw.get(name) not in (None, "")


def _amount(raw: Mapping[str, Any]) -> int:
    amount = _kronor(raw.get("amount_sek"))
    if amount is None or not 0 < amount <= AMOUNT_MAX:
        raise InvalidInput(
            "amount_sek", "Give the granted amount in whole kronor, more than 0.",
            code="invalid_amount",
        )  # fmt: skip
    return amount


def _cofinancing_part(raw: Mapping[str, Any], name: str) -> int | None:
    if not _present(raw, name):
        return None
    value = _kronor(raw[name])
    if value is None or not 0 <= value <= AMOUNT_MAX:
        raise InvalidInput(
            name, f"{name} must be whole kronor, 0 or more.", code="invalid_cofinancing"
        )
    return value


def cofinancing(raw: Mapping[str, Any]) -> tuple[int, int | None, int | None]:
    """(total, cash, in kind) from whichever of them the request gives."""
    total = _cofinancing_part(raw, "cofinancing_sek")
    cash = _cofinancing_part(raw, "cofinancing_cash_sek")
    in_kind = _cofinancing_part(raw, "cofinancing_in_kind_sek")
    if cash is None and in_kind is None:
        return (total or 0, None, None) if total else (0, 0, 0)
    if total is None:
        cash, in_kind = cash or 0, in_kind or 0
        return cash + in_kind, cash, in_kind
    cash = total - in_kind if cash is None and in_kind is not None else cash
    in_kind = total - cash if in_kind is None and cash is not None else in_kind
    assert cash is not None and in_kind is not None
    if cash < 0 or in_kind < 0 or cash + in_kind != total:
        raise InvalidInput(
            "cofinancing_sek",
            "Cash and in-kind co-financing must add up to the total co-financing.",
            code="cofinancing_mismatch",
        )
    return total, cash, in_kind


def parse_day(field: str, value: object) -> date:
    if value in (None, ""):
        raise InvalidInput(field, f"Give {field} as YYYY-MM-DD.", code="required")
    try:
        return date.fromisoformat(value) if isinstance(value, str) else _not_a_date()
    except ValueError:
        raise InvalidInput(field, f"Give {field} as YYYY-MM-DD.", code="invalid_date") from None


def _not_a_date() -> date:
    raise ValueError("not a date")


def _list(raw: Mapping[str, Any], name: str) -> Sequence[object]:
    value = raw.get(name)
    if value in (None, ""):
        return ()
    if not isinstance(value, list | tuple):
        code = "unknown_phase" if name == "phases" else "invalid_date"
        raise InvalidInput(name, f"{name} must be a list.", code=code)
    return value


def _phases(raw: Mapping[str, Any]) -> tuple[Phase, ...]:
    chosen: set[Phase] = set()
    for n, value in enumerate(_list(raw, "phases")):
        phase = next((p for p in PHASE_ORDER if p.value == value), None)
        if phase is None:
            raise InvalidInput(f"phases[{n}]", f"Unknown phase {value!r}.", code="unknown_phase")
        chosen.add(phase)
    return tuple(p for p in PHASE_ORDER if p in chosen)


def _reporting_dates(raw: Mapping[str, Any]) -> tuple[date, ...]:
    values = _list(raw, "reporting_dates")
    if len(values) > REPORTING_DATES_MAX:
        raise InvalidInput(
            "reporting_dates", f"At most {REPORTING_DATES_MAX} reporting dates.",
            code="too_many_reporting_dates", limit=REPORTING_DATES_MAX,
        )  # fmt: skip
    days = {parse_day(f"reporting_dates[{n}]", v) for n, v in enumerate(values)}
    return tuple(sorted(days))


def funder_id(value: object) -> int:
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= ID_MAX:
        raise InvalidInput(
            "funder", "Choose a funding organisation from the list.",
            code="unknown_funding_organisation",
        )  # fmt: skip
    return value


def validate_grant(raw: Mapping[str, Any]) -> GrantInput:
    """The grant a request describes; InvalidInput naming the first field that is wrong,
    in the order a form shows them."""
    no_unknown_fields(raw, FIELDS)
    funder = funder_id(raw.get("funder"))
    programme = clean_text("programme", raw.get("programme"), limit=PROGRAMME_MAX, required=False)
    amount = _amount(raw)
    total, cash, in_kind = cofinancing(raw)
    starts_on = parse_day("starts_on", raw.get("starts_on"))
    ends_on = parse_day("ends_on", raw.get("ends_on"))
    if ends_on < starts_on:
        raise InvalidInput(
            "ends_on", "The grant must end on or after the day it starts.",
            code="ends_before_start",
        )  # fmt: skip
    return GrantInput(
        funder_id=funder,
        programme=programme,
        amount_sek=amount,
        cofinancing_sek=total,
        cofinancing_cash_sek=cash,
        cofinancing_in_kind_sek=in_kind,
        starts_on=starts_on,
        ends_on=ends_on,
        phases=_phases(raw),
        reporting_dates=_reporting_dates(raw),
    )


def group_by(value: str | None) -> GroupBy:
    try:
        return GroupBy(value or GroupBy.REGION)
    except ValueError:
        raise InvalidInput(
            "group_by", "group_by must be region, funder or phase.", code="invalid_group_by"
        ) from None
