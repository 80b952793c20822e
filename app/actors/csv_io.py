"""Actors as CSV: the columns, reading a file (every row checked) and writing one. Pure."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from app.actors.rules import ActorInput, InvalidActor, validate_actor
from app.actors.vocabulary import ACTOR_TYPE_NAMES, HELIX_SIDE_NAMES
from app.formulas import FORMULA_STARTS, as_text

# Export writes the first name of each column; import also takes the others (any case).
COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("name", "namn"),
    "organisation_number": ("organisation_number", "organisationsnummer", "orgnr"),
    "region": ("region", "län"),
    "type": ("type", "typ"),
    "helix_side": ("helix_side", "helix", "triple_helix"),
    "joined_on": ("joined_on", "ansluten", "anslutningsdatum"),
    "left_on": ("left_on", "lämnade", "utträdesdatum"),
}
REQUIRED = ("name", "region", "type", "joined_on")
# A Swedish export's header row: names the import takes too (COLUMNS), so it reads back.
SWEDISH_HEADERS = ("namn", "organisationsnummer", "region", "typ", "helix", "ansluten", "lämnade")
SEPARATORS = {"sv": ";", "en": ","}
MAX_ROWS = 5000
# A spreadsheet runs a cell that starts with one of these as a formula: export quotes it.


@dataclass(frozen=True, slots=True)
class RowError:
    line: int  # as a spreadsheet numbers it: the header is line 1
    field: str  # a column, or "file"/"row" for the whole
    message: str


class CsvRefused(ValueError):
    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(f"{len(errors)} problem(s) in the CSV file; nothing was imported.")
        self.errors = errors


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")  # with or without a byte-order mark
    except UnicodeDecodeError:
        raise CsvRefused([RowError(1, "file", "The file is not UTF-8 text.")]) from None


def _separator(header_line: str) -> str:
    return ";" if header_line.count(";") >= header_line.count(",") else ","


def _rows(text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """Each row with its line. A row the reader cannot split (an unclosed quote runs past
    the csv module's field limit) refuses the file, naming the line the row starts on."""
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            message = f"The row cannot be read as CSV ({error}); is a quote left open?"
            raise CsvRefused([RowError(start, "file", message)]) from None
        yield reader.line_num, cells


def read_actors(data: bytes, *, today: date) -> list[tuple[int, ActorInput]]:
    """Every row as (line, actor); or CsvRefused naming each bad row and field."""
    text = _decode(data)
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise CsvRefused([RowError(1, "file", "The file is empty: it needs a header row.")])
    reader = _rows(text, _separator(lines[0]))
    header = [cell.strip().lower() for cell in next(reader)[1]]
    positions: dict[str, int] = {}
    for column, names in COLUMNS.items():
        for index, cell in enumerate(header):
            if cell in names:
                positions[column] = index
                break
    missing = [column for column in REQUIRED if column not in positions]
    if missing:
        message = f"The header row lacks the column(s) {', '.join(missing)}."
        raise CsvRefused([RowError(1, "file", message)])
    rows: list[tuple[int, ActorInput]] = []
    errors: list[RowError] = []
    for line, cells in reader:
        if not any(cell.strip() for cell in cells):
            continue
        if len(rows) + len(errors) >= MAX_ROWS:
            errors.append(RowError(line, "file", f"More than {MAX_ROWS} rows."))
            break

        def value_of(column: str, cells: list[str] = cells) -> str:
            index = positions.get(column)
            value = cells[index] if index is not None and index < len(cells) else ""
            return value[1:] if value.startswith("'") and value[1:2] in FORMULA_STARTS else value

        try:
            actor = validate_actor(
                name=value_of("name"),
                organisation_number_text=value_of("organisation_number"),
                region=value_of("region"),
                type_text=value_of("type"),
                helix_side_text=value_of("helix_side"),
                joined_on_text=value_of("joined_on"),
                left_on_text=value_of("left_on"),
                today=today,
            )
        except InvalidActor as invalid:
            errors += [RowError(line, field, message) for field, message in invalid.errors.items()]
        else:
            rows.append((line, actor))
    if errors:
        raise CsvRefused(errors)
    return rows


def write_actors(actors: Iterable[ActorInput], *, lang: str = "sv") -> str:
    """The actors as UTF-8 with a byte-order mark (for spreadsheets): in Swedish `;`-separated
    with Swedish headers, types and sides, as Swedish Excel opens it; in English
    `,`-separated with the column names and codes. Either imports again as it is."""
    swedish = lang == "sv"
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=SEPARATORS.get(lang, ","), lineterminator="\r\n")
    writer.writerow(SWEDISH_HEADERS if swedish else [names[0] for names in COLUMNS.values()])
    for actor in actors:
        writer.writerow(
            [
                as_text(actor.name),
                actor.organisation_number or "",
                as_text(actor.region),
                ACTOR_TYPE_NAMES[actor.type].sv if swedish else actor.type.value,
                HELIX_SIDE_NAMES[actor.helix_side].sv if swedish else actor.helix_side.value,
                actor.joined_on.isoformat(),
                actor.left_on.isoformat() if actor.left_on else "",
            ]
        )
    return out.getvalue()
