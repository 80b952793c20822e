"""CSV and XLSX exports of the filtered portfolio, streamed in chunks."""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from app.formulas import as_text
from app.i18n import translations
from app.labels import N_, label
from app.phases import CATEGORY_ORDER
from app.portfolio.queries import PortfolioRow

HEADERS = (
    N_("ID"), N_("Initiative"), N_("Region"), N_("Sector"), N_("Phase"), N_("Readiness (percent)"),
    N_("Days in phase"), N_("Last activity"), N_("Stalled"), N_("Process support delivered"),
    N_("Events settled"), N_("Process support settled"), N_("Results settled"),
    N_("Process leadership settled"),
)  # fmt: skip


# A spreadsheet runs a cell that starts with one of these as a formula (OWASP's list).


def inert_csv(value: Any) -> Any:
    """A CSV cell a spreadsheet shows as text: a leading quote keeps a formula from running."""
    if isinstance(value, str):
        return as_text(value)
    return "" if value is None else value


def headers(lang: str) -> list[str]:
    gettext = translations(lang).gettext
    return [gettext(h) for h in HEADERS]


def values(row: PortfolioRow, now: datetime, lang: str) -> list[Any]:
    """Typed cells: numbers as numbers, the last activity as a date."""
    gettext = translations(lang).gettext
    return [
        row.id,
        row.name,
        row.region,
        row.sector or "",
        label(row.phase, lang),
        None if row.readiness is None else round(row.readiness, 1),
        row.days_in_phase(now),
        row.last_activity.date(),
        gettext("yes") if row.stalled else gettext("no"),
        row.support_delivered,
        *(row.progress[c][0] for c in CATEGORY_ORDER),
    ]


def csv_chunks(rows: Iterable[PortfolioRow], now: datetime, lang: str) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers(lang))
    for n, row in enumerate(rows, 1):
        writer.writerow([inert_csv(v) for v in values(row, now, lang)])
        if n % 500 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _xlsx_cell(sheet: Any, value: Any) -> Any:
    """Text stays text: openpyxl would store a string that starts with "=" as a formula."""
    if not isinstance(value, str):
        return value
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    return cell


def xlsx_chunks(rows: Iterable[PortfolioRow], now: datetime, lang: str) -> Iterator[bytes]:
    """A write-only workbook: rows go to a temporary file, never all into memory."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Portfolio")
    sheet.append(headers(lang))
    for row in rows:
        sheet.append([_xlsx_cell(sheet, v) for v in values(row, now, lang)])
    with tempfile.TemporaryFile() as handle:
        book.save(handle)
        handle.seek(0)
        while chunk := handle.read(64 * 1024):
            yield chunk
