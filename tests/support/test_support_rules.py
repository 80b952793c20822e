"""The support log's rules, pure: an activity as sent, periods and quarters."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from app.domain.permissions import Role
from app.support.rules import (
    ActivityInput,
    InvalidActivity,
    SupportKind,
    complete,
    last_quarters,
    may_record,
    parse_period,
    quarter_of,
    quarter_start,
    started,
    validate_activity,
)

TODAY = date(2026, 11, 30)
KEYS = {"pilot.support.tailored_support"}


def check(**raw: Any) -> ActivityInput:
    return validate_activity(
        {"on": "2026-11-02", "kind": "workshop", "hours": 3, **raw}, today=TODAY, support_keys=KEYS
    )


def test_a_whole_activity_is_read_with_exact_hours() -> None:
    got = check(hours="6,5", cost_sek="12 000", item_key="pilot.support.tailored_support",
                note="  Workshop  ")  # fmt: skip
    assert got == ActivityInput(
        date(2026, 11, 2), SupportKind.WORKSHOP, Decimal("6.50"), 12000,
        "pilot.support.tailored_support", "Workshop",
    )  # fmt: skip
    assert check(hours=0.1).hours == Decimal("0.10")  # the float's text, not its binary value
    assert check(cost_sek=None).cost_sek == 0 and check(cost_sek=1500.0).cost_sek == 1500
    assert check(on="2026-11-30").on == TODAY  # today is not the future
    assert check(item_key="", note="").item_key is None


@pytest.mark.parametrize(
    ("raw", "field", "code"),
    [
        ({"kind": "coffee"}, "kind", "unknown_support_kind"),
        ({"kind": None}, "kind", "unknown_support_kind"),
        ({"hours": -1}, "hours", "invalid_hours"),
        ({"hours": "-0.5"}, "hours", "invalid_hours"),
        ({"hours": "1.234"}, "hours", "invalid_hours"),
        ({"hours": 10000}, "hours", "invalid_hours"),
        ({"hours": "NaN"}, "hours", "invalid_hours"),
        ({"hours": True}, "hours", "invalid_hours"),
        ({"hours": None}, "hours", "invalid_hours"),
        ({"cost_sek": -1}, "cost_sek", "invalid_cost"),
        ({"cost_sek": "-5"}, "cost_sek", "invalid_cost"),
        ({"cost_sek": 12.5}, "cost_sek", "invalid_cost"),
        ({"cost_sek": "²"}, "cost_sek", "invalid_cost"),
        ({"cost_sek": 10**10}, "cost_sek", "invalid_cost"),
        ({"on": "2026-12-01"}, "on", "date_in_future"),
        ({"on": "30/11/2026"}, "on", "invalid_date"),
        ({"on": ""}, "on", "required"),
        ({"item_key": "pilot.results.cluster_manager"}, "item_key", "unknown_support_item"),
        ({"note": "x" * 2001}, "note", "too_long"),
        ({"colour": "red"}, "colour", "unknown_field"),
    ],
)
def test_each_problem_names_its_field_and_code(raw: dict[str, Any], field: str, code: str) -> None:
    with pytest.raises(InvalidActivity) as refused:
        check(**raw)
    assert (refused.value.field, refused.value.code) == (field, code)


def test_only_support_and_admins_record() -> None:
    assert [r for r in Role if may_record(r)] == [Role.ADMIN, Role.SUPPORT]


def test_an_item_form_records_only_with_kind_and_hours() -> None:
    assert not started({"kind": "", "hours": " ", "cost_sek": ""})
    assert started({"kind": "", "hours": "", "cost_sek": "100"})
    assert not complete({"kind": "advice", "hours": ""})
    assert complete({"kind": "advice", "hours": "1"})


def test_periods_and_quarters() -> None:
    assert parse_period(None, "") == (None, None)
    assert parse_period("2026-01-01", "2026-03-31") == (date(2026, 1, 1), date(2026, 3, 31))
    for start, end, field in [("2026-13-01", None, "from"), (None, "x", "to"),
                              ("2026-04-01", "2026-03-31", "to")]:  # fmt: skip
        with pytest.raises(InvalidActivity) as refused:
            parse_period(start, end)
        assert refused.value.field == field
    assert quarter_of(date(2026, 11, 30)) == (2026, 4)
    assert last_quarters(date(2026, 2, 1)) == [(2025, 2), (2025, 3), (2025, 4), (2026, 1)]
    assert quarter_start((2025, 3)) == date(2025, 7, 1)
