"""The accessibility statement: public, in Swedish and English, in DIGG's structure, linked
from every page, and claiming only the checks the tests make."""

from __future__ import annotations

from dataclasses import replace

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.access import services as access
from app.config import SmtpSettings
from app.i18n import translations
from app.models.initiatives import Initiative
from app.web.pages.accessibility import CHECKS, DIGG_REPORT
from tests.conftest import REPO_ROOT, People, login

FOOTER_LINK = '<a href="/tillganglighet">'


def test_the_statement_is_public_and_in_swedish_by_default(client: TestClient) -> None:
    page = client.get("/tillganglighet")
    assert page.status_code == 200
    assert '<html lang="sv">' in page.text
    # DIGG's model: compliance, what is not accessible and why, what is not covered,
    # disproportionate burden, how to report, supervision, method and dates.
    for words in (
        "Tillgänglighetsredogörelse för Klusterfas",
        "lagen (2018:1937) om tillgänglighet till digital offentlig service",
        "Klusterfas är delvis förenlig med lagen om tillgänglighet till digital offentlig service",
        "WCAG 2.1 nivå AA",
        "Innehåll som inte är tillgängligt",
        "Innehåll som inte omfattas av lagkraven",
        "Oskäligt betungande anpassning",
        "Rapportera brister i tjänstens tillgänglighet",
        "Myndigheten för digital förvaltning (Digg) har ansvaret för tillsyn",
        "Vi har själva bedömt Klusterfas (en självskattning).",
        "Den senaste bedömningen gjordes den 2026-11-30.",
        "Redogörelsen uppdaterades senast den 2026-11-30.",
    ):
        assert words in page.text, words
    assert f'href="{DIGG_REPORT}"' in page.text


def test_the_statement_in_english(client: TestClient) -> None:
    page = client.get("/tillganglighet", headers={"Accept-Language": "en"})
    assert '<html lang="en">' in page.text
    assert "Accessibility statement for Klusterfas" in page.text
    assert "partially compliant" in page.text and "Supervision" in page.text
    assert "Tillsyn" not in page.text and "delvis förenlig" not in page.text
    assert "The latest assessment was made on 30 Nov 2026." in page.text


def test_it_lists_the_checks_the_tests_make_and_no_other(client: TestClient) -> None:
    page = client.get("/tillganglighet")
    listed = page.text.split('<ul id="accessibility-checks">', 1)[1].split("</ul>", 1)[0]
    assert listed.count("<li>") == len(CHECKS)
    for check in CHECKS:
        source = REPO_ROOT / check.test
        assert source.exists(), check.test
        assert check.marker in source.read_text(encoding="utf-8"), (check.test, check.marker)
        assert translations("sv").gettext(check.text) in listed


def test_how_to_report_names_the_services_address_when_it_has_one(
    app: FastAPI, client: TestClient
) -> None:
    without = client.get("/tillganglighet").text
    assert "Kontakta stödfunktionen i din region" in without and "mailto:" not in without
    settings = app.state.settings
    app.state.settings = replace(
        settings, smtp=SmtpSettings(host="smtp.example.se", sender="klusterfas@region.se")
    )
    with_address = client.get("/tillganglighet").text
    assert 'href="mailto:klusterfas@region.se"' in with_address


def test_every_page_links_to_it_from_its_footer(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    assert FOOTER_LINK in client.get("/login").text
    _row, token = access.create_auditor_link(
        session, actor=people.support, initiative_id=initiative.id, label="Revisor", days=7
    )
    assert FOOTER_LINK in TestClient(client.app).get(f"/audit/{token}").text
    login(client, people.funder)
    for path in ("/initiatives", f"/initiatives/{initiative.id}", "/portfolio", "/tillganglighet"):
        page = client.get(path).text
        assert FOOTER_LINK in page, path
    # Signed in, the statement keeps the menu and the reader's name.
    assert "Frida Finansiär" in client.get("/tillganglighet").text
