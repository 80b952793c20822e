"""The portfolio's exports as a Swedish or English reader opens them: the real bytes of the
CSV, the XLSX read back with openpyxl, and the downloads' names."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from app.clock import local_today
from app.phases import CATEGORY_ORDER
from app.portfolio import describe, exports
from app.portfolio.rules import parse_filters
from app.support import services as support
from tests.conftest import People, bearer, login
from tests.portfolio.helpers import Portfolio, build
from tests.web.pages.test_report_pages import pdf_text


@pytest.fixture
def portfolio(session: Session, people: People) -> Portfolio:
    built = build(session, people)
    support.record_activity(
        session, user=people.support, initiative_id=built.textile.id,
        raw={"on": local_today().isoformat(), "kind": "workshop", "hours": "5.5", "cost_sek": 1200},
    )  # fmt: skip
    return built


def _attachment(response: object, pattern: str) -> None:
    disposition = response.headers["content-disposition"]  # type: ignore[attr-defined]
    assert re.fullmatch(f'attachment; filename="{pattern}"', disposition), disposition


def test_every_column_has_its_header_and_a_cell() -> None:
    """Headers and cells come from one table: one per checklist, in CATEGORY_ORDER."""
    titles = exports.headers("en")
    assert len(titles) == len(exports.COLUMNS) == len(set(titles))
    settled = [t for t in titles if t.endswith(" settled")]
    assert settled == [exports.SETTLED_HEADERS[c] for c in CATEGORY_ORDER]
    assert settled[0] == "Starting point settled"
    assert titles.index("Support cost (SEK)") + 1 == titles.index("Starting point settled")
    swedish = exports.headers("sv")
    assert all(s != e for s, e in zip(swedish, titles, strict=True) if e not in {"ID", "Region"})


def test_a_swedish_csv_opens_in_swedish_excel(
    client: TestClient, session: Session, people: People, portfolio: Portfolio
) -> None:
    login(client, people.support)  # the page is Swedish: so is the export
    response = client.get("/portfolio/export.csv?phase=pilot")
    assert response.status_code == 200
    _attachment(response, rf"klusterfas-portfolj-{local_today().isoformat()}\.csv")
    data = response.content
    assert data.startswith(b"\xef\xbb\xbf")  # the byte-order mark
    text = data.decode("utf-8")[1:]
    assert "Västra Götaland" in text  # UTF-8, not mangled
    head, row = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert head[:3] == ["ID", "Initiativ", "Region"]
    cells = dict(zip(head, row, strict=True))
    assert cells["Initiativ"] == "Textilnoden" and cells["Fas"] == "Pilot"
    assert cells["Beredskap (procent)"] == "42,9"  # a decimal comma
    assert cells["Stödtimmar"] == "5,5" and cells["Stödkostnad (kr)"] == "1200"
    assert cells["Utgångspunkt avklarad"] == "0" and cells["Resultat avklarade"] == "3"
    assert cells["Avstannat"] == "nej"
    assert cells["Senaste aktivitet"] == local_today().isoformat()
    assert text.count(";") > text.count(",")  # no comma as separator


def test_an_english_csv_keeps_commas_and_points(
    client: TestClient, session: Session, people: People, portfolio: Portfolio
) -> None:
    headers = bearer(session, people.support)
    response = client.get("/portfolio/export.csv?phase=pilot&lang=en", headers=headers)
    _attachment(response, rf"klusterfas-portfolio-{local_today().isoformat()}\.csv")
    text = response.content.decode("utf-8-sig")
    head, row = list(csv.reader(io.StringIO(text)))
    cells = dict(zip(head, row, strict=True))
    assert head[1] == "Initiative" and cells["Readiness (percent)"] == "42.9"
    assert cells["Support hours"] == "5.5" and cells["Results settled"] == "3"
    assert cells["Starting point settled"] == "0" and cells["Stalled"] == "no"


def test_the_xlsx_has_typed_cells_fitted_widths_a_frozen_header_and_a_filter(
    client: TestClient, session: Session, people: People, portfolio: Portfolio
) -> None:
    login(client, people.support)
    response = client.get("/portfolio/export.xlsx")
    assert response.status_code == 200
    _attachment(response, rf"klusterfas-portfolj-{local_today().isoformat()}\.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None and sheet.title == "Portfölj"
    assert sheet.freeze_panes == "A2"
    last = sheet.cell(row=1, column=sheet.max_column).column_letter
    assert sheet.auto_filter.ref == f"A1:{last}{sheet.max_row}" and sheet.max_row == 5
    titles = [c.value for c in sheet[1]]
    assert titles[:2] == ["ID", "Initiativ"] and sheet["B1"].font.b
    textile = next(r for r in sheet.iter_rows(min_row=2) if r[1].value == "Textilnoden")
    cells = dict(zip(titles, textile, strict=True))
    for title in ("ID", "Beredskap (procent)", "Dagar i fasen", "Stödtimmar", "Beviljat (kr)"):
        assert cells[title].data_type == "n", title  # numbers, not text
    assert cells["Beredskap (procent)"].value == pytest.approx(42.9)
    assert cells["Stödtimmar"].value == 5.5
    last_activity = cells["Senaste aktivitet"]
    assert last_activity.is_date and isinstance(last_activity.value, datetime)
    assert last_activity.value.date() == local_today()
    widths = {title: sheet.column_dimensions[c.column_letter].width for title, c in cells.items()}
    # Wide enough for the longest cell or title, never the default 13 for all.
    assert widths["Initiativ"] >= len("Rymdklustret") and widths["ID"] < widths["Initiativ"]
    assert widths["Senaste aktivitet"] >= len("Senaste aktivitet")
    assert len(set(widths.values())) > 3


def test_pdfs_download_as_named_attachments_with_the_filters_in_words(
    client: TestClient, session: Session, people: People, portfolio: Portfolio
) -> None:
    login(client, people.support)
    today = local_today().isoformat()
    report = client.get("/portfolio/report.pdf?phase=pilot&stalled=false&readiness_min=10")
    assert report.status_code == 200 and report.content.startswith(b"%PDF")
    _attachment(report, rf"klusterfas-portfolj-{today}\.pdf")
    header = " ".join(pdf_text(report.content).split())
    assert "Filter: Fas: Pilot · Inte avstannade · Beredskap minst 10 %" in header
    assert "phase=pilot" not in header
    one = client.get(f"/initiatives/{portfolio.textile.id}/report.pdf?lang=en")
    _attachment(one, rf"initiative-textilnoden-{today}\.pdf")
    swedish = client.get(f"/initiatives/{portfolio.textile.id}/report.pdf")
    _attachment(swedish, rf"initiativ-textilnoden-{today}\.pdf")


def test_the_filters_read_as_words() -> None:
    filters = parse_filters(
        {"region": ["Skåne"], "phase": ["pilot", "initiation"], "stalled": ["true"],
         "readiness_min": ["40"], "q": ["mat"], "sort": ["readiness"], "order": ["desc"]}
    )  # fmt: skip
    assert describe.filter_words(filters, "sv") == [
        "Region: Skåne",
        "Fas: Pilot, Initiering",
        "Bara avstannade",
        "Beredskap minst 40 %",
        "Sökord: ”mat”",
        "Sorterat på beredskap, fallande",
    ]
    assert describe.filter_words(filters, "en")[1:] == [
        "Phase: Pilot, Initiation",
        "Only stalled",
        "Readiness at least 40 %",
        "Search: “mat”",
        "Sorted by readiness, descending",
    ]
    assert describe.filter_words(parse_filters({}), "sv") == []


def test_file_names_say_what_and_when() -> None:
    on = date(2026, 11, 30)
    assert describe.portfolio_file("sv", on, "pdf") == "klusterfas-portfolj-2026-11-30.pdf"
    name = describe.initiative_file("sv", "Sjuhärads textila innovationsnod", 7, on, "pdf")
    assert name == "initiativ-sjuharads-textila-innovationsnod-2026-11-30.pdf"
    assert describe.initiative_file("en", "!!!", 7, on, "pdf") == "initiative-7-2026-11-30.pdf"
