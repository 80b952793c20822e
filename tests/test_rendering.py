"""Numbers and dates in the page's language (Babel): 5,0 and 12 345 kr in Swedish."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from app.rendering import environment
from app.reports import charts

NBSP = "\xa0"


def show(source: str, locale: str, **values: object) -> str:
    return environment(locale).from_string(source).render(**values)


@pytest.mark.parametrize(
    ("source", "sv", "en"),
    [
        ("{{ 12345|number }}", f"12{NBSP}345", "12,345"),
        ("{{ 12345.6|number }}", f"12{NBSP}346", "12,346"),
        ("{{ 5|decimal(1) }} av 7", "5,0 av 7", "5.0 av 7"),
        ("{{ 0|decimal(1) }} dagar", "0,0 dagar", "0.0 dagar"),
        ("{{ 2.25|decimal(2) }}", "2,25", "2.25"),
        ("{{ 12345|sek }}", f"12{NBSP}345{NBSP}kr", f"12,345{NBSP}SEK"),
        ("{{ none|number }} {{ none|decimal(1) }} {{ none|sek }}", "– – –", "– – –"),
    ],
)
def test_numbers_follow_the_locale(source: str, sv: str, en: str) -> None:
    assert show(source, "sv") == sv
    assert show(source, "en") == en


def test_dates_follow_the_locale_and_swedish_time() -> None:
    day = date(2026, 1, 15)
    late = datetime(2026, 1, 14, 23, 30, tzinfo=UTC)  # already the 15th in Stockholm
    assert show("{{ d|date }}", "sv", d=day) == "2026-01-15"
    assert show("{{ d|date }}", "en", d=day) == "15 Jan 2026"
    assert show("{{ t|date }}", "sv", t=late) == "2026-01-15"
    assert show("{{ t|date(time=true) }}", "sv", t=late) == "2026-01-15 00:30"
    assert show("{{ t|date(time=true) }}", "en", t=late) == "15 Jan 2026, 00:30"
    # The audit log keeps dates and moments as ISO text.
    assert show("{{ '2026-01-15'|date }}", "en") == "15 Jan 2026"
    assert show("{{ '2026-01-14T23:30:00+00:00'|date }}", "sv") == "2026-01-15"
    assert show("{{ 'not a date'|date }} {{ none|date }}", "sv") == "not a date –"


def test_the_time_in_phase_chart_writes_the_swedish_decimal_comma() -> None:
    assert show("{{ decimal_mark }}", "sv") == "," and show("{{ decimal_mark }}", "en") == "."
    drawn = charts.boxes([("Pilot", [0.0, 0.5, 1.5, 2.0, 3.0])], "dagar", decimal_mark=",")
    assert "dagar 0,0 / 0,5 / 1,5 / 2,0 / 3,0" in drawn.summary
    assert any(label.text == "3,0 dagar" for label in drawn.labels)
