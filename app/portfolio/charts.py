"""Server-side SVG charts: the same markup in the browser and in the PDF report.

Each chart is an <svg role="img"> with a <title> and a <desc> that carries the
figures as text, so screen readers (and pdftotext) get the data, not a picture.
Labels arrive translated from the templates.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import count

from markupsafe import Markup, escape

PALETTE = ("#0f766e", "#2563eb", "#b45309", "#7c3aed")
_ids = count(1)


def _frame(width: int, height: int, title: str, desc: str, body: list[str]) -> Markup:
    n = next(_ids)
    # Every text part is escaped; the rest is numbers this module formats.
    return Markup(  # noqa: S704
        f'<figure class="chart-figure"><figcaption>{escape(title)}</figcaption>'
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" '
        f'aria-labelledby="chart-{n}-title chart-{n}-desc">'
        f'<title id="chart-{n}-title">{escape(title)}</title>'
        f'<desc id="chart-{n}-desc">{escape(desc)}</desc>' + "".join(body) + "</svg></figure>"
    )


def _short(label: str, limit: int) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _text(x: float, y: float, value: object, *, anchor: str = "start", size: int = 12) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" '
        f'fill="#1f2937" font-family="DejaVu Sans, sans-serif">{escape(str(value))}</text>'
    )


def bar_chart(
    title: str,
    rows: Sequence[tuple[str, Sequence[int]]],
    series: Sequence[str],
    *,
    width: int = 640,
) -> Markup:
    """Horizontal bars, one group per row and one bar per series."""
    label_w, row_h, bar_h = 190, 14 + 16 * len(series), 14
    top = 24 if len(series) > 1 else 6
    height = top + row_h * max(len(rows), 1) + 6
    peak = max((v for _, values in rows for v in values), default=0) or 1
    scale = (width - label_w - 50) / peak
    body: list[str] = []
    for s, name in enumerate(series if len(series) > 1 else ()):
        x = label_w + s * 170
        body.append(f'<rect x="{x}" y="4" width="12" height="12" fill="{PALETTE[s]}"/>')
        body.append(_text(x + 16, 14, name))
    parts = []
    for r, (label, values) in enumerate(rows):
        y = top + r * row_h
        body.append(_text(label_w - 8, y + bar_h, _short(label, 24), anchor="end"))
        for s, value in enumerate(values):
            by = y + 4 + s * 16
            w = max(value * scale, 1 if value else 0)
            body.append(
                f'<rect x="{label_w}" y="{by}" width="{w:.1f}" height="{bar_h}" '
                f'fill="{PALETTE[s]}"/>'
            )
            body.append(_text(label_w + w + 4, by + 11, value, size=11))
        parts.append(
            f"{label}: " + ", ".join(f"{n} {v}" for n, v in zip(series, values, strict=True))
        )
    return _frame(width, height, title, "; ".join(parts) or "–", body)


def box_chart(
    title: str, rows: Sequence[tuple[str, Sequence[float] | None]], unit: str, *, width: int = 640
) -> Markup:
    """Per row: min, lower quartile, median, upper quartile, max (a box plot)."""
    label_w, row_h = 190, 30
    height = 10 + row_h * max(len(rows), 1) + 20
    peak = max((s[4] for _, s in rows if s), default=0) or 1
    scale = (width - label_w - 30) / peak
    body: list[str] = []
    parts = []
    for r, (label, stats) in enumerate(rows):
        y = 10 + r * row_h
        body.append(_text(label_w - 8, y + 15, label, anchor="end"))
        if not stats:
            body.append(_text(label_w, y + 15, "–"))
            parts.append(f"{label}: –")
            continue
        low, q1, median, q3, high = (label_w + v * scale for v in stats)
        body.append(
            f'<line x1="{low:.1f}" y1="{y + 11}" x2="{high:.1f}" y2="{y + 11}" stroke="#6b7280"/>'
        )
        body.append(
            f'<rect x="{q1:.1f}" y="{y + 2}" width="{max(q3 - q1, 1):.1f}" height="18" '
            f'fill="#ccfbf1" stroke="{PALETTE[0]}"/>'
        )
        body.append(
            f'<line x1="{median:.1f}" y1="{y + 2}" x2="{median:.1f}" y2="{y + 20}" '
            f'stroke="{PALETTE[0]}" stroke-width="3"/>'
        )
        parts.append(f"{label}: {unit} " + " / ".join(f"{v:.1f}" for v in stats))
    body.append(_text(label_w, height - 4, f"0 {unit}", size=11))
    shown = f"{peak:.0f}" if peak >= 10 else f"{peak:.1f}"
    body.append(_text(width - 30, height - 4, f"{shown} {unit}", anchor="end", size=11))
    return _frame(width, height, title, "; ".join(parts) or "–", body)


def heat_map(
    title: str,
    rows: Sequence[tuple[str, Sequence[float | None]]],
    columns: Sequence[str],
    *,
    width: int = 640,
) -> Markup:
    """Rows × columns of shares (0..1); None is an empty cell."""
    label_w, cell_h, head_h = 220, 20, 22
    cell_w = (width - label_w) / max(len(columns), 1)
    height = head_h + cell_h * max(len(rows), 1) + 4
    body = [
        _text(label_w + (c + 0.5) * cell_w, 15, name, anchor="middle", size=11)
        for c, name in enumerate(columns)
    ]
    parts = []
    for r, (label, shares) in enumerate(rows):
        y = head_h + r * cell_h
        body.append(_text(label_w - 8, y + 14, _short(label, 30), anchor="end", size=11))
        cells = []
        for c, share in enumerate(shares):
            x = label_w + c * cell_w
            if share is None:
                fill, shown = "#f3f4f6", "–"
            else:
                # From pale to the primary teal as the share grows.
                light = int(95 - 60 * share)
                fill, shown = f"hsl(174, 70%, {light}%)", f"{share * 100:.0f}%"
            body.append(
                f'<rect x="{x:.1f}" y="{y}" width="{cell_w - 2:.1f}" height="{cell_h - 2}" '
                f'fill="{fill}"/>'
            )
            color = "#ffffff" if share is not None and share > 0.6 else "#1f2937"
            body.append(
                f'<text x="{x + cell_w / 2:.1f}" y="{y + 14}" font-size="11" text-anchor="middle" '
                f'fill="{color}" font-family="DejaVu Sans, sans-serif">{shown}</text>'
            )
            cells.append(f"{columns[c]} {shown}")
        parts.append(f"{label}: " + ", ".join(cells))
    return _frame(width, height, title, "; ".join(parts) or "–", body)
