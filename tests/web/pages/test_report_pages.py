"""Exports, PDF reports and analytics over HTTP, with the dashboard's filters applied."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from datetime import date

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from app.clock import local_today
from app.initiatives import services as initiatives
from app.phases import Phase, get_model
from app.support import services as support
from tests.conftest import IN_CI, People, bearer, login
from tests.portfolio.helpers import Portfolio, build


@pytest.fixture
def portfolio(session: Session, people: People) -> Portfolio:
    return build(session, people)


def pdf_text(content: bytes) -> str:
    if shutil.which("pdftotext") is None:
        if IN_CI:
            pytest.fail("pdftotext (poppler-utils) is required in CI")
        pytest.skip("no pdftotext")
    assert content.startswith(b"%PDF")
    done = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    )
    return done.stdout.decode()


def test_csv_export_applies_the_filters_with_localised_headers(
    client: TestClient, session: Session, people: People, portfolio: Portfolio
) -> None:
    headers = bearer(session, people.funder)
    response = client.get(
        "/portfolio/export.csv?phase=pilot&phase=initiation&lang=en", headers=headers
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["ID", "Initiative", "Region"]
    assert sorted(r[1] for r in rows[1:]) == ["Rymdklustret", "Textilnoden"]
    textile = next(r for r in rows if r[1] == "Textilnoden")
    assert textile[4] == "Pilot" and float(textile[5]) == pytest.approx(42.9)
    swedish = client.get("/portfolio/export.csv?lang=sv", headers=headers).text
    assert swedish.splitlines()[0].startswith("\ufeffID;Initiativ;Region")
    assert len(swedish.strip().splitlines()) == 5


def test_xlsx_export_has_typed_cells(
    client: TestClient, session: Session, people: People, portfolio: Portfolio
) -> None:
    login(client, people.support)  # the session cookie works as well as a token
    response = client.get("/portfolio/export.xlsx?stalled=true&lang=en")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "ID" and rows[0][5] == "Readiness (percent)"
    assert len(rows) == 2
    row = rows[1]
    assert row[1] == "Rymdklustret"
    assert isinstance(row[0], int) and isinstance(row[6], int) and row[6] >= 99
    assert row[5] == 0 and not isinstance(row[5], str)  # readiness as a number
    assert row[7].date() <= date.today()  # a date cell, not text


def test_exports_refuse_a_bad_filter(client: TestClient, session: Session, people: People) -> None:
    headers = bearer(session, people.support)
    assert client.get("/portfolio/export.csv?phase=x", headers=headers).status_code == 422
    assert client.get("/portfolio/export.xlsx?lang=de", headers=headers).status_code == 422


def test_initiative_report_pdf_in_both_languages(
    client: TestClient, session: Session, people: People, portfolio: Portfolio
) -> None:
    headers = bearer(session, people.funder)
    model = get_model()
    blocking = model.required_items(Phase.PILOT)[3]
    response = client.get(
        f"/initiatives/{portfolio.textile.id}/report.pdf?lang=sv", headers=headers
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Textilnoden" in text
    assert "Pilot" in text and "Grinden är stängd" in text
    assert " ".join(blocking.text.sv.split()[:3]) in " ".join(text.split())
    assert "Sara Stöd" in text and "Klart" in text  # who ticked, and the evidence
    assert "Fashistorik" in text
    assert "Grindgranskningar" in text and "Ögonblicksbildens SHA-256" in text  # decisions
    assert "Avklarade punkter per checklista" in text  # the chart's title
    english = pdf_text(
        client.get(
            f"/initiatives/{portfolio.textile.id}/report.pdf?lang=en", headers=headers
        ).content
    )
    assert "Transition history" in english and "The gate is closed" in english
    assert " ".join(blocking.text.en.split()[:3]) in " ".join(english.split())


def test_portfolio_report_pdf_follows_the_filters(
    client: TestClient, session: Session, people: People, portfolio: Portfolio
) -> None:
    headers = bearer(session, people.support)
    response = client.get("/portfolio/report.pdf?region=Norrbotten&lang=en", headers=headers)
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "Portfolio readiness report" in text
    assert "Rymdklustret" in text and "Textilnoden" not in text
    for title in ("Phase funnel", "Time in phase", "Readiness heat map", "Support delivered"):
        assert title in text
    textile = pdf_text(
        client.get("/portfolio/report.pdf?phase=pilot&lang=en", headers=headers).content
    )
    blocking = get_model().required_items(Phase.PILOT)[3]
    assert "Blocks the gate" in textile
    assert " ".join(blocking.text.en.split()[:3]) in " ".join(textile.split())


def test_reports_are_for_visible_initiatives_only(
    client: TestClient, session: Session, people: People, portfolio: Portfolio
) -> None:
    headers = bearer(session, people.outsider)
    assert (
        client.get(f"/initiatives/{portfolio.textile.id}/report.pdf", headers=headers).status_code
        == 404
    )


def test_analytics_page_draws_accessible_charts(
    client: TestClient, session: Session, people: People, portfolio: Portfolio
) -> None:
    support.record_activity(
        session, user=people.support, initiative_id=portfolio.textile.id,
        raw={"on": local_today().isoformat(), "kind": "workshop", "hours": "2.5", "cost_sek": 1200},
    )  # fmt: skip
    login(client, people.support)
    page = client.get("/portfolio/analytics?period=365")
    assert page.status_code == 200
    assert page.text.count('role="img"') == 6
    assert page.text.count("<title id=") == 6
    # The funnel's text alternative carries the figures.
    assert "Pilot: I fasen nu 1" in page.text
    # Support delivered, from the log: hours and kronor per region, quarter and initiative.
    assert "Västra Götaland: Timmar 2,5 h, Kronor 1200 kr" in page.text
    assert "Textilnoden: Timmar 2,5 h, Kronor 1200 kr" in page.text
    assert client.get("/portfolio/analytics?period=2").status_code == 422


def test_exports_keep_formulas_in_names_as_text(
    client: TestClient, session: Session, people: People
) -> None:
    initiatives.create_initiative(
        session, actor=people.support, name='=HYPERLINK("https://evil.example","x")',
        region="+46 Skåne", sector="@SUM(A1)",
    )  # fmt: skip
    headers = bearer(session, people.support)
    found = client.get("/portfolio/export.csv?lang=en", headers=headers).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(found)))
    assert rows[1][1:4] == ['\'=HYPERLINK("https://evil.example","x")', "'+46 Skåne", "'@SUM(A1)"]
    response = client.get("/portfolio/export.xlsx", headers=headers)
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    cells = [sheet.cell(row=2, column=c) for c in (2, 3, 4)]
    assert [c.data_type for c in cells] == ["s", "s", "s"]  # text, never a formula
    assert cells[0].value == '=HYPERLINK("https://evil.example","x")'
