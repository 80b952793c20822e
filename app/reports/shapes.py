"""The shapes the charts of charts.py are made of: positioned text and rectangles,
their colours, how figures are written and dates placed on an axis."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

INK, WHISKER, BOX_FILL, EMPTY_CELL = "#1f2937", "#6b7280", "#ccfbf1", "#f3f4f6"


def points(pairs: Sequence[tuple[float, float]]) -> str:
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in pairs)


def short(label: str, limit: int) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


@dataclass(frozen=True, slots=True)
class Label:
    x: float
    y: float
    text: str
    anchor: str = "start"  # SVG text-anchor
    size: int = 12
    fill: str = INK


@dataclass(frozen=True, slots=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    fill: str


@dataclass(frozen=True, slots=True)
class Box:
    """One row's five figures as x positions; the whisker runs through the middle."""

    low: float
    q1: float
    median: float
    q3: float
    high: float
    top: float
    bottom: float

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def box_width(self) -> float:
        return max(self.q3 - self.q1, 1)


def figure(value: float, unit: str = "", decimal_mark: str = ".") -> str:
    """A bar's value as text: integers as they are, other numbers with at most two decimals."""
    if isinstance(value, int):
        text = str(value)
    else:
        text = f"{value:.2f}".rstrip("0").rstrip(".").replace(".", decimal_mark)
    return f"{text} {unit}" if unit else text


def x_scale(days: Sequence[date], left: float, right: float) -> list[float]:
    """Dates as x positions from `left` (the first) to `right` (the last)."""
    first, last = days[0], days[-1]
    span = (last - first).days
    if span == 0:
        return [(left + right) / 2 for _ in days]
    return [left + (right - left) * (d - first).days / span for d in days]
