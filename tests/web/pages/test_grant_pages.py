"""Grants in the browser: the initiative page's financing section and its form, the list
of funding organisations, the portfolio's badge and exports, the PDF and the audit pack."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.grants import services
from app.models.grants import FundingOrganisation, Grant
from app.models.initiatives import Initiative
from app.support import services as support
from tests.conftest import People, bearer, login, reads, recorded_statements
from tests.web.pages.test_report_pages import pdf_text

NBSP = "\u00a0"
HTMX = {"HX-Request": "true"}


@pytest.fixture
def vinnova(session: Session, people: People) -> int:
    return services.add_funding_organisation(
        session, actor=people.admin, raw={"name": "Vinnova"}
    ).id


def add(session: Session, people: People, initiative: Initiative, funder: int, **raw: Any) -> None:
    services.add_grant(
        session, actor=people.support, initiative_id=initiative.id,
        raw={"funder": funder, "starts_on": "2026-01-01", "ends_on": "2027-12-31", **raw},
    )  # fmt: skip


def form(token: str, organisation: int, **changes: Any) -> dict[str, Any]:
    return {
        "csrf_token": token,
        "funder": str(organisation),
        "programme": "Klusterstöd",
        "amount_sek": "1 500 000",
        "cofinancing_cash_sek": "250000",
        "cofinancing_in_kind_sek": "",
        "starts_on": "2026-01-01",
        "ends_on": "2027-06-30",
        "phases": ["initiation", "pilot"],
        "reporting_dates": "2026-06-30, 2027-01-31",
        **changes,
    }


def test_the_financing_tab_lists_grants_with_totals(
    client: TestClient, session: Session, people: People, initiative: Initiative, vinnova: int
) -> None:
    add(session, people, initiative, vinnova, amount_sek=1_200_001, cofinancing_sek=300_000,
        phases=["pilot"], programme="Regionalt klusterstöd")  # fmt: skip
    add(session, people, initiative, vinnova, amount_sek=450_000, cofinancing_cash_sek=7,
        cofinancing_in_kind_sek=3)  # fmt: skip
    login(client, people.funder)
    checklists = client.get(f"/initiatives/{initiative.id}").text
    tab = f'href="/initiatives/{initiative.id}/financing" >Finansiering och stöd</a>'
    assert tab in checklists and 'id="financing"' not in checklists  # a tab of its own
    page = client.get(f"/initiatives/{initiative.id}/financing")
    assert page.status_code == 200
    assert 'id="financing"' in page.text and "Finansiering" in page.text
    assert 'aria-current="page">Finansiering och stöd</a>' in page.text
    assert "Regionalt klusterstöd" in page.text
    assert f'id="grants-total">1{NBSP}650{NBSP}001<' in page.text
    assert f'id="grants-cofinancing">300{NBSP}010<' in page.text
    assert "kontant 7, in natura 3" in page.text
    assert "Registrera ett bidrag" not in page.text  # funders read only
    english = client.get(
        f"/initiatives/{initiative.id}/financing", headers={"Accept-Language": "en"}
    )
    assert "Financing" in english.text and "cash 7, in kind 3" in english.text
    assert 'id="grants-total">1,650,001<' in english.text
    login(client, people.outsider)  # not a member: as if there were no such initiative
    assert client.get(f"/initiatives/{initiative.id}/financing").status_code == 404


def test_the_financing_tab_uses_a_constant_number_of_queries(
    client: TestClient, session: Session, people: People, initiative: Initiative, vinnova: int
) -> None:
    login(client, people.support)
    engine = session.get_bind()

    def selects() -> int:
        with recorded_statements(engine) as statements:
            assert client.get(f"/initiatives/{initiative.id}/financing").status_code == 200
        return reads(statements)

    add(session, people, initiative, vinnova, amount_sek=1, phases=["pilot"],
        reporting_dates=["2026-06-30"])  # fmt: skip
    before = selects()
    for n in range(8):
        funder = services.add_funding_organisation(
            session, actor=people.admin, raw={"name": f"Fond {n}"}
        ).id
        add(session, people, initiative, funder, amount_sek=n + 1, phases=["initiation", "pilot"],
            reporting_dates=["2026-06-30", "2026-12-31"])  # fmt: skip
        support.record_activity(
            session, user=people.support, initiative_id=initiative.id,
            raw={"on": "2026-09-01", "kind": "advice", "hours": "1", "cost_sek": n},
        )  # fmt: skip
    assert selects() == before


@pytest.mark.parametrize("who", ["support", "admin"])
def test_support_and_admins_record_a_grant_from_the_page(
    client: TestClient, session: Session, people: People, initiative: Initiative, vinnova: int,
    who: str,
) -> None:  # fmt: skip
    token = login(client, getattr(people, who))
    page = client.get(f"/initiatives/{initiative.id}/financing")
    assert "Registrera ett bidrag" in page.text and 'name="amount_sek"' in page.text
    done = client.post(
        f"/initiatives/{initiative.id}/grants", data=form(token, vinnova), follow_redirects=False
    )
    assert done.status_code == 303
    assert done.headers["location"] == f"/initiatives/{initiative.id}/financing#financing"
    grant = session.scalar(select(Grant))
    assert grant is not None
    assert (grant.amount_sek, grant.cofinancing_sek, grant.cofinancing_cash_sek) == (
        1_500_000, 250_000, 250_000,
    )  # fmt: skip
    assert [p.phase.value for p in grant.phases] == ["initiation", "pilot"]
    assert [d.due_on.isoformat() for d in grant.reporting_dates] == ["2026-06-30", "2027-01-31"]
    shown = client.get(done.headers["location"])
    assert "Bidraget registrerades." in shown.text
    assert f'id="grants-total">1{NBSP}500{NBSP}000<' in shown.text


def test_a_refused_grant_shows_the_error_in_place_and_keeps_the_input(
    client: TestClient, session: Session, people: People, initiative: Initiative, vinnova: int
) -> None:
    token = login(client, people.support)
    sent = form(token, vinnova, ends_on="2025-01-01", programme="Mitt program")
    refused = client.post(f"/initiatives/{initiative.id}/grants", data=sent)
    assert refused.status_code == 422
    text = refused.text
    assert "<html" in text and 'id="financing"' in text  # the whole tab, the section in it
    assert 'id="support-delivered"' in text
    assert 'aria-invalid="true" aria-describedby="grant-ends_on-error"' in text
    assert "Bidraget måste sluta samma dag som det startar eller senare." in text
    assert 'value="Mitt program"' in text and 'value="1 500 000"' in text
    assert 'value="2025-01-01"' in text and 'value="2026-06-30, 2027-01-31"' in text
    assert 'value="pilot" checked' in text and 'value="establishment" checked' not in text
    assert f'<option value="{vinnova}" selected>' in text
    assert session.scalar(select(func.count()).select_from(Grant)) == 0


@pytest.mark.parametrize(
    ("changes", "field", "says"),
    [
        ({"amount_sek": "0"}, "amount_sek", "Ange det beviljade beloppet i hela kronor"),
        ({"cofinancing_in_kind_sek": "-5"}, "cofinancing_in_kind_sek", "0 eller mer"),
        ({"funder": ""}, "funder", "Välj en finansierande organisation i listan."),
        ({"phases": ["pilot", "moon"]}, "phases", "Välj faser ur fasmodellen."),
        ({"reporting_dates": "2026-06-30 juni"}, "reporting_dates", "ÅÅÅÅ-MM-DD"),
    ],
)
def test_an_htmx_post_swaps_the_section_alone(
    client: TestClient, session: Session, people: People, initiative: Initiative, vinnova: int,
    changes: dict[str, Any], field: str, says: str,
) -> None:  # fmt: skip
    token = login(client, people.support)
    refused = client.post(
        f"/initiatives/{initiative.id}/grants", data=form(token, vinnova, **changes), headers=HTMX
    )
    assert refused.status_code == 422
    assert "<html" not in refused.text and refused.text.lstrip().startswith("<section")
    assert f'id="grant-{field}-error"' in refused.text and says in refused.text
    done = client.post(
        f"/initiatives/{initiative.id}/grants", data=form(token, vinnova), headers=HTMX
    )
    assert done.status_code == 200 and "<html" not in done.text
    assert "Bidraget registrerades." in done.text and "Klusterstöd" in done.text
    assert 'value="Klusterstöd"' not in done.text  # a fresh form after a success


@pytest.mark.parametrize(("who", "status"), [("leader", 403), ("funder", 403), ("outsider", 404)])
def test_others_may_not_post_the_form(
    client: TestClient, session: Session, people: People, initiative: Initiative, vinnova: int,
    who: str, status: int,
) -> None:  # fmt: skip
    token = login(client, getattr(people, who))
    response = client.post(f"/initiatives/{initiative.id}/grants", data=form(token, vinnova))
    assert response.status_code == status
    assert session.scalar(select(func.count()).select_from(Grant)) == 0


def test_the_form_needs_the_csrf_token(
    client: TestClient, people: People, initiative: Initiative, vinnova: int
) -> None:
    login(client, people.support)
    sent = form("wrong", vinnova)
    assert client.post(f"/initiatives/{initiative.id}/grants", data=sent).status_code == 403


def test_admins_keep_the_list_of_funding_organisations(
    client: TestClient, session: Session, people: People
) -> None:
    token = login(client, people.admin)
    page = client.get("/funding-organisations")
    assert page.status_code == 200 and "Lägg till en finansierande organisation" in page.text
    done = client.post(
        "/funding-organisations", data={"csrf_token": token, "name": " Tillväxtverket "},
        follow_redirects=False,
    )  # fmt: skip
    assert done.status_code == 303
    listed = client.get("/funding-organisations")
    assert "Tillväxtverket" in listed.text and "1 organisation" in listed.text
    assert "Den finansierande organisationen lades till." in listed.text
    again = client.post(
        "/funding-organisations", data={"csrf_token": token, "name": "tillväxtverket"}
    )
    assert again.status_code == 409
    assert "Det finns redan en finansierande organisation med det namnet." in again.text
    assert 'value="tillväxtverket"' in again.text
    empty = client.post("/funding-organisations", data={"csrf_token": token, "name": "  "})
    assert empty.status_code == 422 and 'aria-invalid="true"' in empty.text
    assert session.scalar(select(func.count()).select_from(FundingOrganisation)) == 1


def test_others_read_the_list_but_may_not_add(
    client: TestClient, session: Session, people: People, vinnova: int
) -> None:
    token = login(client, people.support)
    page = client.get("/funding-organisations")
    assert page.status_code == 200 and "Vinnova" in page.text
    assert "Lägg till en finansierande organisation" not in page.text
    refused = client.post("/funding-organisations", data={"csrf_token": token, "name": "X"})
    assert refused.status_code == 403
    assert session.scalar(select(func.count()).select_from(FundingOrganisation)) == 1


def test_the_dashboard_flags_a_grant_ending_within_90_days(
    client: TestClient, session: Session, people: People, initiative: Initiative, vinnova: int
) -> None:
    ends = date.today() + timedelta(days=30)
    add(session, people, initiative, vinnova, amount_sek=100, ends_on=ends.isoformat(),
        starts_on="2025-01-01")  # fmt: skip
    login(client, people.funder)
    page = client.get("/portfolio")
    assert f"Bidrag slutar {ends.isoformat()}" in page.text
    add(session, people, initiative, vinnova, amount_sek=100, starts_on="2025-01-01",
        ends_on=(date.today() - timedelta(days=2)).isoformat())  # fmt: skip
    assert "Bidrag slutar" in client.get("/portfolio").text  # the ended one changes nothing


def test_the_exports_carry_granted_and_co_financing_kronor(
    client: TestClient, session: Session, people: People, initiative: Initiative, vinnova: int
) -> None:
    add(session, people, initiative, vinnova, amount_sek=1_234_567, cofinancing_sek=89_012)
    add(session, people, initiative, vinnova, amount_sek=1, cofinancing_cash_sek=1)
    headers = bearer(session, people.funder)
    found = client.get("/portfolio/export.csv?lang=sv", headers=headers).content.decode("utf-8-sig")
    head, row = list(csv.reader(io.StringIO(found), delimiter=";"))
    cells = dict(zip(head, row, strict=True))
    assert cells["Initiativ"] == "Textilnoden"
    assert (cells["Beviljat (kr)"], cells["Medfinansiering (kr)"]) == ("1234568", "89013")
    english = client.get("/portfolio/export.csv?lang=en", headers=headers).text
    assert "Granted (SEK),Co-financing (SEK)" in english.splitlines()[0]
    book = client.get("/portfolio/export.xlsx?lang=en", headers=headers)
    sheet = load_workbook(io.BytesIO(book.content)).active  # read_only drops trailing blanks
    assert sheet is not None
    head_cells, row_cells = list(sheet.iter_rows(values_only=True))
    typed = dict(zip(head_cells, row_cells, strict=True))
    assert (typed["Granted (SEK)"], typed["Co-financing (SEK)"]) == (1_234_568, 89_013)  # numbers


def test_the_initiative_pdf_and_the_audit_pack_carry_the_grants(
    client: TestClient, session: Session, people: People, initiative: Initiative, vinnova: int
) -> None:
    add(
        session, people, initiative, vinnova, amount_sek=2_500_000, cofinancing_sek=500_000,
        programme="Klusterprogrammet", phases=["pilot"], reporting_dates=["2026-06-30"],
    )  # fmt: skip
    headers = bearer(session, people.funder)
    swedish = pdf_text(
        client.get(f"/initiatives/{initiative.id}/report.pdf?lang=sv", headers=headers).content
    )
    assert "Finansiering" in swedish and "Vinnova" in swedish and "Klusterprogrammet" in swedish
    assert "2 500 000" in swedish.replace(NBSP, " ")
    english = pdf_text(
        client.get(f"/initiatives/{initiative.id}/report.pdf?lang=en", headers=headers).content
    )
    assert "Financing" in english and "2,500,000" in english
    pack = client.get(f"/initiatives/{initiative.id}/audit-pack.zip?lang=en", headers=headers)
    assert pack.status_code == 200
    with zipfile.ZipFile(io.BytesIO(pack.content)) as archive:
        exported = json.loads(archive.read("initiative.json"))
        report = archive.read("report.html").decode()
    [grant] = exported["grants"]
    assert (grant["funder_name"], grant["amount_sek"], grant["cofinancing_sek"]) == (
        "Vinnova", 2_500_000, 500_000,
    )  # fmt: skip
    assert grant["phases"] == ["pilot"] and grant["reporting_dates"] == ["2026-06-30"]
    assert "grant.add" in {e["action"] for e in exported["audit_entries"]}
    assert "Financing" in report and "Klusterprogrammet" in report and "2,500,000" in report
