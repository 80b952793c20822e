"""CSV and XLSX exports of the filtered portfolio, streamed in chunks.

One table of columns gives both the header and the cell of every column, so the two
cannot drift apart (a checklist added to CATEGORY_ORDER needs its header here, or the
import fails). CSV in Swedish is what Swedish Excel opens by double-click: UTF-8 with a
byte-order mark, `;` between cells and a decimal comma; in English `,` and a decimal
point (with the byte-order mark too, or Excel garbles å, ä and ö in any language).
"""

from __future__ import annotations

import csv
import io
import pickle
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from app.clock import LOCAL_ZONE
from app.formulas import as_text
from app.i18n import translations
from app.labels import N_, label
from app.phases import CATEGORY_ORDER, Category, Phase
from app.portfolio.queries import PortfolioRow
from app.support.queries import hours_json

BOM = "\ufeff"
SEPARATORS = {"sv": ";", "en": ","}
WIDTH_MIN, WIDTH_MAX = 6, 60  # characters of an XLSX column


@dataclass(frozen=True)
class Reading:
    """What a cell needs besides its row: the moment of the export and its language, and
    the words that every row repeats, translated once (an export asks 10,000 times)."""

    now: datetime
    lang: str
    yes: str = field(init=False)
    no: str = field(init=False)
    phases: dict[Phase, str] = field(init=False)

    def __post_init__(self) -> None:
        set_once = object.__setattr__  # frozen: set here, as the dataclass's own init does
        set_once(self, "yes", self.gettext("yes"))
        set_once(self, "no", self.gettext("no"))
        set_once(self, "phases", {phase: label(phase, self.lang) for phase in Phase})

    def gettext(self, message: str) -> str:
        return translations(self.lang).gettext(message)


@dataclass(frozen=True)
class Column:
    header: str  # an English msgid (N_), translated when written
    cell: Callable[[PortfolioRow, Reading], Any]  # typed: numbers, dates, text or None


SETTLED_HEADERS: dict[Category, str] = {
    Category.STARTING_POINT: N_("Starting point settled"),
    Category.EVENTS: N_("Events settled"),
    Category.SUPPORT: N_("Process support settled"),
    Category.RESULTS: N_("Results settled"),
    Category.LEADERSHIP: N_("Process leadership settled"),
}


def _settled(category: Category) -> Column:
    return Column(SETTLED_HEADERS[category], lambda row, _r: row.progress[category][0])


def _readiness(row: PortfolioRow, _r: Reading) -> float | None:
    return None if row.readiness is None else round(row.readiness, 1)


def _local_day(moment: datetime) -> date:
    return moment.astimezone(LOCAL_ZONE).date()


COLUMNS: tuple[Column, ...] = (
    Column(N_("ID"), lambda row, _r: row.id),
    Column(N_("Initiative"), lambda row, _r: row.name),
    Column(N_("Region"), lambda row, _r: row.region),
    Column(N_("Sector"), lambda row, _r: row.sector or ""),
    Column(N_("Phase"), lambda row, r: r.phases[row.phase]),
    Column(N_("Readiness (percent)"), _readiness),
    Column(N_("Days in phase"), lambda row, r: row.days_in_phase(r.now)),
    Column(N_("Last activity"), lambda row, _r: _local_day(row.last_activity)),
    Column(N_("Stalled"), lambda row, r: r.yes if row.stalled else r.no),
    # Support delivered (app/support): 12.5 hours, or 3 for whole hours.
    Column(N_("Support hours"), lambda row, _r: hours_json(row.support_hours)),
    Column(N_("Support cost (SEK)"), lambda row, _r: row.support_cost_sek),
    *(_settled(category) for category in CATEGORY_ORDER),
    Column(N_("Granted (SEK)"), lambda row, _r: row.granted_sek),
    Column(N_("Co-financing (SEK)"), lambda row, _r: row.cofinancing_sek),
    Column(
        N_("Label level"),
        lambda row, r: label(row.label_level, r.lang) if row.label_level else "",
    ),
    Column(N_("Label valid until"), lambda row, _r: row.label_valid_until),
)


def headers(lang: str) -> list[str]:
    gettext = translations(lang).gettext
    return [gettext(column.header) for column in COLUMNS]


def values(row: PortfolioRow, reading: Reading) -> list[Any]:
    """Typed cells, in the order of `headers`."""
    return [column.cell(row, reading) for column in COLUMNS]


# A spreadsheet runs a cell that starts with one of OWASP's formula characters.


def inert_csv(value: Any) -> Any:
    """A CSV cell a spreadsheet shows as text: a leading quote keeps a formula from running."""
    if isinstance(value, str):
        return as_text(value)
    return "" if value is None else value


def csv_cell(value: Any, lang: str) -> Any:
    """A decimal comma in Swedish ("42,9"), never a thousands separator (Excel would read
    "12 345" as text); dates as ISO, which Excel reads as dates in both languages. The
    common kinds first, by exact type: an export asks this of every cell."""
    kind = type(value)
    if kind is int:
        return value
    if kind is str:
        return as_text(value)
    if value is None:
        return ""
    if kind is float or kind is Decimal:
        return str(value).replace(".", ",") if lang == "sv" else value
    if isinstance(value, date):
        return value.isoformat()
    return inert_csv(value)


def csv_chunks(rows: Iterable[PortfolioRow], now: datetime, lang: str) -> Iterator[str]:
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, delimiter=SEPARATORS.get(lang, ","), lineterminator="\r\n")
    writer.writerow([inert_csv(h) for h in headers(lang)])
    reading, cells = Reading(now, lang), [column.cell for column in COLUMNS]
    for n, row in enumerate(rows, 1):
        values = [cell(row, reading) for cell in cells]
        # Most cells are counts: an int needs no formatting, nor a call to say so.
        writer.writerow([v if type(v) is int else csv_cell(v, lang) for v in values])
        if n % 500 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _xlsx_cell(sheet: Any, value: Any, *, bold: bool = False) -> Any:
    """Text stays text: openpyxl would store a string that starts with "=" as a formula.
    Other values go in plain, which openpyxl writes far faster than a cell object."""
    if not isinstance(value, str) or not (bold or value.startswith("=")):
        return value
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    if bold:
        cell.font = Font(bold=True)
    return cell


def _shown_width(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, date):
        return 10  # yyyy-mm-dd
    return len(str(value))


def _spool(
    rows: Iterable[PortfolioRow], now: datetime, lang: str, spool: IO[bytes], widths: list[int]
) -> int:
    """Write the rows' cells to `spool` (pickled, one list each), widening `widths` to fit;
    return how many rows. The widths are written before the first row, hence two passes."""
    count, reading = 0, Reading(now, lang)
    for row in rows:
        cells = values(row, reading)
        for index, value in enumerate(cells):
            widths[index] = max(widths[index], _shown_width(value))
        pickle.dump(cells, spool, protocol=pickle.HIGHEST_PROTOCOL)
        count += 1
    return count


def xlsx_chunks(rows: Iterable[PortfolioRow], now: datetime, lang: str) -> Iterator[bytes]:
    """A write-only workbook: rows go to temporary files, never all into memory. Numbers
    and dates are typed cells; the header row is bold, frozen and carries a filter."""
    titles = headers(lang)
    widths = [len(title) + 2 for title in titles]  # room for the filter's button
    book = Workbook(write_only=True)
    sheet = book.create_sheet(translations(lang).gettext("Portfolio"))
    with tempfile.TemporaryFile() as spool:
        count = _spool(rows, now, lang, spool, widths)
        spool.seek(0)
        for index, width in enumerate(widths, 1):
            letter = get_column_letter(index)
            sheet.column_dimensions[letter].width = max(WIDTH_MIN, min(width, WIDTH_MAX)) + 1
        sheet.freeze_panes = "A2"
        sheet.append([_xlsx_cell(sheet, title, bold=True) for title in titles])
        for _ in range(count):
            # Our own temporary file, written just above: nothing untrusted is unpickled.
            sheet.append([_xlsx_cell(sheet, v) for v in pickle.load(spool)])  # noqa: S301
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(titles))}{count + 1}"
    with tempfile.TemporaryFile() as handle:
        book.save(handle)
        handle.seek(0)
        while chunk := handle.read(64 * 1024):
            yield chunk
