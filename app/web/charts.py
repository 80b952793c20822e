"""Geometry for the server-side SVG charts (radar, level trend, members over time).

Pure: numbers in, coordinates out; the templates draw them. No JavaScript library,
so the charts also print and work under the strict CSP.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date


def _points(pairs: Sequence[tuple[float, float]]) -> str:
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in pairs)


@dataclass(frozen=True, slots=True)
class RadarLabel:
    x: float
    y: float
    anchor: str  # SVG text-anchor
    lines: tuple[str, ...]


LABEL_LINE = 22  # characters; longer labels wrap onto a second line


def wrap(text: str, width: int = LABEL_LINE) -> tuple[str, ...]:
    """Two lines at most, split at the space nearest the middle."""
    if len(text) <= width or " " not in text:
        return (text,)
    middle = len(text) // 2
    spaces = [i for i, char in enumerate(text) if char == " "]
    cut = min(spaces, key=lambda i: abs(i - middle))
    return text[:cut], text[cut + 1 :]


@dataclass(frozen=True, slots=True)
class RadarSeries:
    points: str
    markers: tuple[tuple[float, float, bool], ...]  # x, y, is "no information"


@dataclass(frozen=True, slots=True)
class Radar:
    width: int
    height: int
    cx: float
    cy: float
    rings: tuple[str, ...]  # polygons at scores 1..max
    spokes: tuple[tuple[float, float], ...]
    labels: tuple[RadarLabel, ...]
    series: tuple[RadarSeries, ...]  # latest first, then the previous one


def radar(
    labels: Sequence[str],
    series: Sequence[Sequence[int | None]],
    *,
    maximum: int = 4,
    radius: float = 100,
    width: int = 520,
    height: int = 300,
) -> Radar:
    """Axes clockwise from the top; "no information" sits at the centre, marked hollow."""
    cx, cy = width / 2, height / 2
    count = len(labels)

    def at(index: int, value: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * index / count
        r = radius * value / maximum
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    rings = tuple(_points([at(i, level) for i in range(count)]) for level in range(1, maximum + 1))
    spokes = tuple(at(i, maximum) for i in range(count))
    placed = []
    for index, text in enumerate(labels):
        x, y = at(index, maximum * 1.12)
        anchor = "middle" if abs(x - cx) < 5 else ("start" if x > cx else "end")
        lines = wrap(text)
        # Labels above the centre grow upwards, the others downwards.
        y = y - 14 * (len(lines) - 1) if y < cy - 5 else y + (4 if y <= cy + 5 else 10)
        placed.append(RadarLabel(x, y, anchor, lines))
    drawn = []
    for scores in series:
        corners = [at(i, score or 0) for i, score in enumerate(scores)]
        markers = tuple(
            (x, y, score is None) for (x, y), score in zip(corners, scores, strict=True)
        )
        drawn.append(RadarSeries(_points(corners), markers))
    return Radar(width, height, cx, cy, rings, spokes, tuple(placed), tuple(drawn))


@dataclass(frozen=True, slots=True)
class Line:
    width: int
    height: int
    left: float
    bottom: float
    points: str
    dots: tuple[tuple[float, float, str, int], ...]  # x, y, date label, value
    y_ticks: tuple[tuple[float, int], ...]
    x_ticks: tuple[tuple[float, str, str], ...]  # x, text, text-anchor


def _x_scale(days: Sequence[date], left: float, right: float) -> list[float]:
    first, last = days[0], days[-1]
    span = (last - first).days
    if span == 0:
        return [(left + right) / 2 for _ in days]
    return [left + (right - left) * (d - first).days / span for d in days]


def line(
    values: Sequence[tuple[date, int]],
    *,
    low: int,
    high: int,
    step: bool = False,
    width: int = 600,
    height: int = 200,
) -> Line:
    """Dated values, oldest first, on a time axis; `step` holds each value until the next."""
    left, right, top, bottom = 40.0, width - 20.0, 15.0, height - 30.0
    high = max(high, low + 1)

    def y_of(value: int) -> float:
        return bottom - (bottom - top) * (value - low) / (high - low)

    xs = _x_scale([d for d, _ in values], left, right) if values else []
    corners: list[tuple[float, float]] = []
    for index, (x, (_, value)) in enumerate(zip(xs, values, strict=True)):
        if step and index:
            corners.append((x, corners[-1][1]))
        corners.append((x, y_of(value)))
    if step and corners:
        corners.append((right, corners[-1][1]))  # the count holds until today
    dots = tuple((x, y_of(v), d.isoformat(), v) for x, (d, v) in zip(xs, values, strict=True))
    every = max(1, (high - low) // 5)
    y_ticks = tuple((y_of(v), v) for v in range(low, high + 1, every))
    x_ticks: tuple[tuple[float, str, str], ...] = ()
    if xs:
        first, last = values[0][0].isoformat(), values[-1][0].isoformat()
        x_ticks = ((xs[0], first, "middle"),) if first == last else ()
        x_ticks = x_ticks or ((xs[0], first, "start"), (xs[-1], last, "end"))
    return Line(width, height, left, bottom, _points(corners), dots, y_ticks, x_ticks)
