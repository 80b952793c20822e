"""The label-readiness page (the six areas, the labels, the group's notes), its forms with
errors in place, and the portfolio's labels page."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.clock import local_today
from app.excellence import services as excellence
from app.models.initiatives import Initiative
from app.support import services as support
from tests.conftest import People, bearer, login

AREAS_SV = (
    "Klustrets struktur",
    "Klusterledning och styrning",
    "Finansiering av klusterledningen",
    "Tjänster som klusterledningen erbjuder",
    "Kontakter och samverkan inom klustret",
    "Resultat och erkännande",
)


def test_the_page_lays_out_the_six_areas_and_says_what_it_is_not(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    support.record_activity(
        session, user=people.support, initiative_id=initiative.id,
        raw={"on": "2026-02-01", "kind": "training", "hours": "7", "cost_sek": 9000},
    )  # fmt: skip
    for user in (people.leader, people.funder, people.support):
        login(client, user)
        page = client.get(f"/initiatives/{initiative.id}/label-readiness")
        assert page.status_code == 200
        text = page.text
        assert "Ett stöd för förberedelsen, inte bedömningen." in text
        assert [text.index(area) for area in AREAS_SV] == sorted(
            text.index(area) for area in AREAS_SV
        )
        assert '<dd id="fact-support">1</dd>' in text and "Utbildning" in text
        assert 'aria-current="page">Cluster Excellence</a>' in text
    login(client, people.outsider)
    assert client.get(f"/initiatives/{initiative.id}/label-readiness").status_code == 404


def test_support_records_a_label_and_a_refusal_keeps_the_input(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    csrf = login(client, people.support)
    url = f"/initiatives/{initiative.id}/labels"
    fields = {"level": "silver", "awarded_on": "2026-03-12", "valid_until": "",
              "assessing_organisation": "ESCA", "evidence_id": "", "csrf_token": csrf}  # fmt: skip
    refused = client.post(url, data={**fields, "valid_until": "2026-01-01"})
    assert refused.status_code == 422
    assert "En märkning måste gälla till ett datum efter tilldelningen." in refused.text
    assert 'value="2026-01-01" aria-invalid="true"' in refused.text
    saved = client.post(url, data=fields, follow_redirects=False)
    assert saved.status_code == 303
    page = client.get(saved.headers["location"]).text
    assert "Märkningen registrerades." in page and "2028-03-12" in page and "Silver" in page
    login(client, people.leader)
    leader = client.get(f"/initiatives/{initiative.id}/label-readiness").text
    assert f'action="/initiatives/{initiative.id}/labels"' not in leader
    csrf = login(client, people.leader)
    assert client.post(url, data={**fields, "csrf_token": csrf}).status_code == 403


def test_the_group_adds_notes_per_area_and_funders_only_read(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    url = f"/initiatives/{initiative.id}/label-readiness/notes"
    csrf = login(client, people.leader)
    empty = client.post(url, data={"area": "services", "text": " ", "csrf_token": csrf})
    assert empty.status_code == 422 and 'id="note-services-error"' in empty.text
    saved = client.post(url, data={"area": "services", "text": "Samla deltagarlistor",
                                   "csrf_token": csrf}, follow_redirects=False)  # fmt: skip
    assert saved.status_code == 303 and saved.headers["location"].endswith("#area-services")
    page = client.get(f"/initiatives/{initiative.id}/label-readiness").text
    assert "Samla deltagarlistor" in page and "Anteckningen lades till." in page
    csrf = login(client, people.funder)
    funder = client.get(f"/initiatives/{initiative.id}/label-readiness").text
    assert "Samla deltagarlistor" in funder and 'name="text"' not in funder
    refused = client.post(url, data={"area": "services", "text": "x", "csrf_token": csrf})
    assert refused.status_code == 403


def test_the_portfolio_page_lists_labels_soonest_to_lapse_first(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    today = local_today()
    excellence.record_label(
        session, user=people.support, initiative_id=initiative.id,
        raw={"level": "bronze", "awarded_on": (today - timedelta(days=700)).isoformat(),
             "valid_until": (today + timedelta(days=30)).isoformat(),
             "assessing_organisation": "ESCA"},
    )  # fmt: skip
    login(client, people.funder)
    page = client.get("/portfolio/labels?expiring_within_days=60")
    assert page.status_code == 200
    assert "Textilnoden" in page.text and "upphör om 30 dagar" in page.text
    assert "Textilnoden" not in client.get("/portfolio/labels?expiring_within_days=7").text
    bad = client.get("/portfolio/labels?expiring_within_days=many")
    assert bad.status_code == 422 and "Alla märkningar visas." in bad.text
    # The dashboard's rows and its JSON carry the label in force.
    rows = client.get("/api/portfolio", headers=bearer(session, people.funder)).json()["items"]
    assert rows[0]["label"] == {
        "level": "bronze", "valid_until": (today + timedelta(days=30)).isoformat(),
    }  # fmt: skip
