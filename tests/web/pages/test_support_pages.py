"""Support delivered in the HTML: the section of the initiative's "Financing and support" tab
and its form (full page and
HTMX, errors in place), the item save that records its activity, the portfolio's page, and
the log in the PDF, the audit pack and the exports."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from decimal import Decimal

from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from app.excellence import services as excellence
from app.initiatives import queries as initiative_queries
from app.models.initiatives import Initiative
from app.support import services as support
from tests.conftest import People, bearer, login
from tests.support.helpers import activity_count, current_support_key, into_initiation
from tests.web.pages.test_report_pages import pdf_text

HTMX = {"HX-Request": "true"}


def form(csrf: str, **fields: str) -> dict[str, str]:
    return {"on": "2026-10-01", "kind": "workshop", "hours": "2,5", "cost_sek": "12 000",
            "note": "Strategidag", "csrf_token": csrf, **fields}  # fmt: skip


def test_the_financing_tab_shows_the_section_with_its_form_for_support(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    support.record_activity(
        session, user=people.support, initiative_id=initiative.id,
        raw={"on": "2026-09-01", "kind": "matchmaking", "hours": "1.5", "cost_sek": 3500},
    )  # fmt: skip
    login(client, people.support)
    page = client.get(f"/initiatives/{initiative.id}/financing").text
    assert 'id="support-delivered"' in page and "Stöd som getts" in page
    assert "Matchmaking" in page and "1 insats · 1,5 timmar · 3\u00a0500 kr" in page
    assert f'action="/initiatives/{initiative.id}/support-activities"' in page
    # Every Processtöd item of the initiative's model version, none chosen.
    for item in support.support_items(initiative):
        assert f'<option value="{item.key}" >' in page
    login(client, people.leader)
    leader = client.get(f"/initiatives/{initiative.id}/financing").text
    assert "Stöd som getts" in leader and "support-activities" not in leader


def test_a_full_page_post_records_and_goes_back_to_the_section(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    csrf = login(client, people.support)
    response = client.post(
        f"/initiatives/{initiative.id}/support-activities", data=form(csrf),
        follow_redirects=False,
    )  # fmt: skip
    assert response.status_code == 303
    tab = f"/initiatives/{initiative.id}/financing"
    assert response.headers["location"] == f"{tab}#support-delivered"
    page = client.get(tab).text
    assert "Stödinsatsen registrerades." in page
    assert '<td id="support-log-hours">2,5</td>' in page
    assert '<td id="support-log-cost">12\u00a0000</td>' in page


def test_an_htmx_post_swaps_the_section_and_keeps_a_refused_input(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    csrf = login(client, people.support)
    url = f"/initiatives/{initiative.id}/support-activities"
    saved = client.post(url, data=form(csrf), headers=HTMX)
    assert saved.status_code == 200
    assert saved.text.lstrip().startswith('<section class="card" id="support-delivered"')
    assert "Stödinsatsen registrerades." in saved.text and "Strategidag" in saved.text
    item = support.support_items(initiative)[-1].key
    refused = client.post(
        url, data=form(csrf, hours="-1", note="Behåll mig", item_key=item), headers=HTMX
    )
    assert refused.status_code == 422
    assert f'<option value="{item}" selected>' in refused.text
    kept = 'name="hours" inputmode="decimal" required value="-1" aria-invalid="true"'
    assert kept in refused.text
    assert "Ange timmarna som ett tal" in refused.text and "Behåll mig</textarea>" in refused.text
    future = client.post(url, data=form(csrf, on="2099-01-01"), headers=HTMX)
    assert future.status_code == 422 and "Datumet får inte ligga i framtiden." in future.text
    # Without JavaScript the whole tab comes back with the section saying what was wrong.
    page = client.post(url, data=form(csrf, kind="kaffe"))
    assert page.status_code == 422
    assert "<h1>Textilnoden</h1>" in page.text and "Välj typ av stöd." in page.text
    assert activity_count(session, initiative.id) == 1


def test_leadership_and_funders_may_not_record(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    for user in (people.leader, people.funder):
        csrf = login(client, user)
        response = client.post(f"/initiatives/{initiative.id}/support-activities",
                               data=form(csrf))  # fmt: skip
        assert response.status_code == 403
    assert activity_count(session, initiative.id) == 0


def test_ticking_a_process_support_item_records_its_activity(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    into_initiation(session, people, initiative)
    key = current_support_key(initiative)
    csrf = login(client, people.support)
    page = client.get(f"/initiatives/{initiative.id}?open={key}").text
    assert 'name="activity_kind"' in page  # in each Processtöd item's form, for support
    url = f"/initiatives/{initiative.id}/items/{key}"
    # As the page's script posts it: a plain save would be answered with what it changed
    # alone (app/web/pages/items.py), but activity entered or recorded is shown in the form.
    slim = {**HTMX, "X-Item-Answer": "slim"}
    half = client.post(url, headers=slim, data={
        "status": "done", "note": "Genomfört", "activity_kind": "workshop", "csrf_token": csrf,
    })  # fmt: skip
    assert half.status_code == 200  # kind without hours: the tick alone, the kind kept
    assert '<option value="workshop" selected>' in half.text
    assert activity_count(session, initiative.id) == 0
    bad = client.post(url, headers=slim, data={
        "status": "done", "note": "Ändrad", "activity_kind": "workshop",
        "activity_hours": "-3", "csrf_token": csrf,
    })  # fmt: skip
    assert bad.status_code == 422 and 'value="-3" aria-invalid="true"' in bad.text
    state = initiative_queries.get_item_state(session, initiative_id=initiative.id, key=key)
    assert state is not None and state.note == "Genomfört"  # the tick was not saved either
    done = client.post(url, headers=slim, data={
        "status": "done", "note": "Genomfört", "activity_kind": "workshop",
        "activity_hours": "4", "activity_cost": "8000", "csrf_token": csrf,
    })  # fmt: skip
    assert done.status_code == 200
    # The answer says so, with the way to the log (on its tab, not on the checklist page).
    assert '<span class="tag tag-ok">registrerat</span>' in done.text
    assert f'href="/initiatives/{initiative.id}/financing#support-delivered"' in done.text
    assert 'id="support-delivered"' not in done.text
    log = support.log_of(session, user=people.support, initiative_id=initiative.id)
    [recorded] = log.activities
    assert (recorded.item_key, recorded.hours, recorded.cost_sek) == (key, Decimal("4.00"), 8000)
    plain = client.post(url, headers=slim, data={"status": "open", "note": "Genomfört",
                                                 "csrf_token": csrf})  # fmt: skip
    assert plain.status_code == 200 and 'class="item-slim"' in plain.text


def test_the_portfolio_page_totals_per_region(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    support.record_activity(
        session, user=people.support, initiative_id=initiative.id,
        raw={"on": "2026-03-01", "kind": "advice", "hours": "0.75", "cost_sek": 1999},
    )  # fmt: skip
    login(client, people.funder)
    page = client.get("/portfolio/support")
    assert page.status_code == 200
    assert '<td id="support-total-hours">0,75</td>' in page.text
    assert '<td id="support-total-cost">1\u00a0999</td>' in page.text
    later = client.get("/portfolio/support?from=2026-04-01")
    assert '<td id="support-total-hours">0</td>' in later.text
    bad = client.get("/portfolio/support?from=2026-04-01&to=2026-01-01")
    assert bad.status_code == 422 and "Alla datum visas." in bad.text
    assert '<td id="support-total-cost">1\u00a0999</td>' in bad.text


def test_the_pdf_the_audit_pack_and_the_exports_carry_the_log(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    support.record_activity(
        session, user=people.support, initiative_id=initiative.id,
        raw={"on": "2026-03-01", "kind": "funding_advice", "hours": "3.25", "cost_sek": 4500},
    )  # fmt: skip
    excellence.record_label(
        session, user=people.support, initiative_id=initiative.id,
        raw={"level": "bronze", "awarded_on": "2026-03-12", "assessing_organisation": "ESCA"},
    )  # fmt: skip
    headers = bearer(session, people.support)
    english = pdf_text(
        client.get(f"/initiatives/{initiative.id}/report.pdf?lang=en", headers=headers).content
    )
    assert "Support delivered" in english and "Funding advice" in english
    assert "Cluster Excellence labels" in english and "2028-03-12" in english
    swedish = pdf_text(
        client.get(f"/initiatives/{initiative.id}/report.pdf?lang=sv", headers=headers).content
    )
    assert "Stöd som getts" in swedish and "Finansieringsrådgivning" in swedish
    login(client, people.support)
    pack = client.get(f"/initiatives/{initiative.id}/audit-pack.zip?lang=en")
    assert pack.status_code == 200
    with zipfile.ZipFile(io.BytesIO(pack.content)) as archive:
        export = json.loads(archive.read("initiative.json"))
        report = archive.read("report.html").decode()
    assert export["support_activities"]["hours"] == 3.25
    assert export["support_activities"]["cost_sek"] == 4500
    assert [a["kind"] for a in export["support_activities"]["items"]] == ["funding_advice"]
    [label] = export["cluster_labels"]["items"]
    assert (label["level"], label["valid_until"]) == ("bronze", "2028-03-12")
    assert "Funding advice" in report and "Cluster Excellence labels" in report
    rows = list(csv.reader(io.StringIO(
        client.get("/portfolio/export.csv?lang=en", headers=headers).text)))  # fmt: skip
    header, row = rows[0], rows[1]
    hours = header.index("Support hours")
    assert header[hours : hours + 2] == ["Support hours", "Support cost (SEK)"]
    assert row[hours : hours + 2] == ["3.25", "4500"]
    assert (header[-2:], row[-2:]) == (
        ["Label level", "Label valid until"], ["Bronze", "2028-03-12"],
    )  # fmt: skip
    sheet = load_workbook(io.BytesIO(
        client.get("/portfolio/export.xlsx?lang=sv", headers=headers).content)).active  # fmt: skip
    assert sheet is not None
    titles = [sheet.cell(row=1, column=c).value for c in range(1, sheet.max_column + 1)]
    column = titles.index("Stödtimmar") + 1
    assert sheet.cell(row=2, column=column).value == 3.25
    assert sheet.cell(row=2, column=column + 1).value == 4500
