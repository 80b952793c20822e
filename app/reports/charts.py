"""Geometry for the server-side SVG charts: radar, line, bars, box plot, heat map.

Pure: numbers and (translated) labels in, coordinates out. `templates/reports/_charts.html`
draws every chart from these dataclasses, on the pages and in the PDF reports alike, so
there is no JavaScript library and the charts print and work under the strict CSP. Each
chart of rows carries a `summary`: its figures as text, for the SVG's <desc>.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from app.reports import shapes
from app.reports.shapes import Box, Label, Rect, figure

PALETTE = ("#0f766e", "#2563eb", "#b45309", "#7c3aed")
LABEL_LINE = 22  # characters; longer radar labels wrap onto a second line


def wrap(text: str, width: int = LABEL_LINE) -> tuple[str, ...]:
    """Two lines at most, split at the space nearest the middle."""
    if len(text) <= width or " " not in text:
        return (text,)
    middle = len(text) // 2
    spaces = [i for i, char in enumerate(text) if char == " "]
    cut = min(spaces, key=lambda i: abs(i - middle))
    return text[:cut], text[cut + 1 :]


@dataclass(frozen=True, slots=True)
class RadarLabel:
    x: float
    y: float
    anchor: str
    lines: tuple[str, ...]


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

    rings = tuple(
        shapes.points([at(i, level) for i in range(count)]) for level in range(1, maximum + 1)
    )
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
        drawn.append(RadarSeries(shapes.points(corners), markers))
    return Radar(width, height, cx, cy, rings, spokes, tuple(placed), tuple(drawn))


@dataclass(frozen=True, slots=True)
class Line:
    width: int
    height: int
    left: float
    right: float
    bottom: float
    points: str
    dots: tuple[tuple[float, float, str, int], ...]  # x, y, date label, value
    y_ticks: tuple[tuple[float, int], ...]
    x_ticks: tuple[tuple[float, str, str], ...]  # x, text, text-anchor


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

    xs = shapes.x_scale([d for d, _ in values], left, right) if values else []
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
    return Line(width, height, left, right, bottom, shapes.points(corners), dots, y_ticks, x_ticks)


@dataclass(frozen=True, slots=True)
class Bars:
    width: int
    height: int
    keys: tuple[tuple[Rect, Label], ...]  # the legend, when there is more than one series
    bars: tuple[tuple[Rect, Label], ...]  # each bar with its value beside it
    labels: tuple[Label, ...]  # one per row
    summary: str


def bars(
    rows: Sequence[tuple[str, Sequence[float]]],
    series: Sequence[str],
    *,
    width: int = 640,
    units: Sequence[str] = (),
    own_scales: bool = False,
    decimal_mark: str = ".",
) -> Bars:
    """Horizontal bars, one group per row and one bar per series. With `own_scales` each
    series is scaled to its own largest value (hours beside kronor), and `units` name what
    each series counts in the value labels."""
    label_w, row_h, bar_h = 190, 14 + 16 * len(series), 14
    top = 24 if len(series) > 1 else 6
    height = top + row_h * max(len(rows), 1) + 6
    if own_scales:
        peaks = [max((float(v[s]) for _, v in rows), default=0) or 1 for s in range(len(series))]
    else:
        peak = max((float(v) for _, values in rows for v in values), default=0) or 1
        peaks = [peak] * len(series)
    units = list(units) or [""] * len(series)
    keys = tuple(
        (Rect(label_w + s * 170, 4, 12, 12, PALETTE[s]), Label(label_w + s * 170 + 16, 14, name))
        for s, name in enumerate(series if len(series) > 1 else ())
    )
    drawn, labels, parts = [], [], []
    for r, (label, values) in enumerate(rows):
        y = top + r * row_h
        labels.append(Label(label_w - 8, y + bar_h, shapes.short(label, 24), "end"))
        shown = [figure(v, u, decimal_mark) for v, u in zip(values, units, strict=True)]
        for s, value in enumerate(values):
            scale = (width - label_w - 50) / peaks[s]
            by, w = y + 4 + s * 16, max(float(value) * scale, 1 if value else 0)
            value_label = Label(label_w + w + 4, by + 11, shown[s], size=11)
            drawn.append((Rect(label_w, by, w, bar_h, PALETTE[s]), value_label))
        figures = ", ".join(f"{n} {v}" for n, v in zip(series, shown, strict=True))
        parts.append(f"{label}: {figures}")
    return Bars(width, height, keys, tuple(drawn), tuple(labels), "; ".join(parts) or "–")


@dataclass(frozen=True, slots=True)
class Boxes:
    width: int
    height: int
    boxes: tuple[Box, ...]
    labels: tuple[Label, ...]  # row names, "–" for a row without figures, the axis ends
    summary: str
    stroke: str = PALETTE[0]
    fill: str = shapes.BOX_FILL
    whisker: str = shapes.WHISKER


def boxes(
    rows: Sequence[tuple[str, Sequence[float] | None]],
    unit: str,
    *,
    width: int = 640,
    decimal_mark: str = ".",
) -> Boxes:
    """Per row: min, lower quartile, median, upper quartile, max (a box plot); figures
    written with the reader's `decimal_mark` ("0,5 dagar" in Swedish)."""
    label_w, row_h = 190, 30
    height = 10 + row_h * max(len(rows), 1) + 20
    peak = max((s[4] for _, s in rows if s), default=0) or 1
    scale = (width - label_w - 30) / peak
    drawn, labels, parts = [], [], []
    for r, (label, stats) in enumerate(rows):
        y = 10 + r * row_h
        labels.append(Label(label_w - 8, y + 15, label, "end"))
        if not stats:
            labels.append(Label(label_w, y + 15, "–"))
            parts.append(f"{label}: –")
            continue
        low, q1, median, q3, high = (label_w + v * scale for v in stats)
        drawn.append(Box(low, q1, median, q3, high, y + 2, y + 20))
        parts.append(
            f"{label}: {unit} " + " / ".join(f"{v:.1f}".replace(".", decimal_mark) for v in stats)
        )
    shown = f"{peak:.0f}" if peak >= 10 else f"{peak:.1f}".replace(".", decimal_mark)
    labels.append(Label(label_w, height - 4, f"0 {unit}", size=11))
    labels.append(Label(width - 30, height - 4, f"{shown} {unit}", "end", 11))
    return Boxes(width, height, tuple(drawn), tuple(labels), "; ".join(parts) or "–")


@dataclass(frozen=True, slots=True)
class HeatMap:
    width: int
    height: int
    cells: tuple[tuple[Rect, Label], ...]  # each cell with its share written in it
    labels: tuple[Label, ...]  # the column heads, then one per row
    summary: str


def heat_map(
    rows: Sequence[tuple[str, Sequence[float | None]]],
    columns: Sequence[str],
    *,
    width: int = 640,
) -> HeatMap:
    """Rows × columns of shares (0..1); None is an empty cell."""
    label_w, cell_h, head_h = 220, 20, 22
    cell_w = (width - label_w) / max(len(columns), 1)
    height = head_h + cell_h * max(len(rows), 1) + 4
    labels = [
        Label(label_w + (c + 0.5) * cell_w, 15, name, "middle", 11)
        for c, name in enumerate(columns)
    ]
    cells, parts = [], []
    for r, (label, shares) in enumerate(rows):
        y = head_h + r * cell_h
        labels.append(Label(label_w - 8, y + 14, shapes.short(label, 30), "end", 11))
        figures = []
        for c, share in enumerate(shares):
            x = label_w + c * cell_w
            if share is None:
                fill, shown = shapes.EMPTY_CELL, "–"
            else:
                # From pale to the primary teal as the share grows.
                fill, shown = f"hsl(174, 70%, {int(95 - 60 * share)}%)", f"{share * 100:.0f}%"
            ink = "#ffffff" if share is not None and share > 0.6 else shapes.INK
            text = Label(x + cell_w / 2, y + 14, shown, "middle", 11, ink)
            cells.append((Rect(x, y, cell_w - 2, cell_h - 2, fill), text))
            figures.append(f"{columns[c]} {shown}")
        parts.append(f"{label}: " + ", ".join(figures))
    return HeatMap(width, height, tuple(cells), tuple(labels), "; ".join(parts) or "–")
