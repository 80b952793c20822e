"""Text that a spreadsheet would run as a formula (CSV or formula injection)."""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def as_text(value: str) -> str:
    """Prefix an apostrophe, as spreadsheets do, so the cell stays text."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value
