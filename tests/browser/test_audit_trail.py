"""A funder reads the audit trail in Chromium: filters it, opens an entry's technical
details, checks the chain; axe-core finds nothing there, nor on the accessibility
statement or in the phone menu."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, Response, expect

from app.access import services as access
from app.db import make_engine, make_sessionmaker
from app.domain.permissions import Role
from tests.browser.helpers import log_in
from tests.conftest import AUDIT_KEY, make_user

pytestmark = pytest.mark.browser


def _violations(page: Page) -> list[str]:
    found = Axe().run(page).response["violations"]
    return [f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}" for v in found]


def _answers(path: str, response: Response) -> bool:
    return path in response.url


def test_a_funder_reads_filters_and_checks_the_trail(
    server: tuple[str, int], browser: Browser, tmp_path: Path
) -> None:
    base, initiative_id = server
    engine = make_engine(f"sqlite:///{tmp_path / 'browser.db'}")
    with make_sessionmaker(engine, audit_key=AUDIT_KEY)() as session:
        make_user(session, "finans@example.se", Role.FUNDER, "Frida Finansiär")
        officer = make_user(session, "stod2@example.se", Role.SUPPORT, "Sven Stöd")
        access.add_funder(
            session, actor=officer, initiative_id=initiative_id, email="finans@example.se"
        )
    engine.dispose()
    problems: list[str] = []
    found: dict[str, list[str]] = {}
    page = browser.new_context(locale="sv-SE").new_page()
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    log_in(page, base, "finans@example.se")
    page.goto(f"{base}/initiatives/{initiative_id}/audit")
    entries = page.locator("#audit-timeline .timeline-entry")
    expect(entries.first).to_contain_text("Sven Stöd gav Frida Finansiär åtkomst som finansiär")
    expect(page.get_by_text("Sara Stöd skapade initiativet Drönarnoden")).to_be_visible()
    total = entries.count()

    # A kind of event, chosen in words, swaps only the list.
    with page.expect_response(partial(_answers, "kind=access")):
        page.get_by_label("Typ av händelse").select_option(label="Vem som har åtkomst")
    expect(entries).not_to_have_count(total)
    expect(entries.first).to_contain_text("åtkomst som finansiär")
    assert "kind=access" in page.url

    # The raw entry and its seal are one click away.
    details = entries.first.locator("details.technical")
    expect(details.locator("code.audit-action")).to_be_hidden()
    details.locator("summary").click()
    expect(details.locator("code.audit-action")).to_have_text("funder.add")
    found["audit trail, filtered, details open"] = _violations(page)

    with page.expect_response(partial(_answers, "/audit/verify")):
        page.get_by_role("button", name="Kontrollera kedjan").click()
    expect(page.locator("#chain-status")).to_contain_text("Granskningsloggen är intakt.")
    found["chain checked"] = _violations(page)

    page.get_by_role("link", name="Tillgänglighetsredogörelse").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Tillgänglighetsredogörelse för Klusterfas"
    )
    found["accessibility statement"] = _violations(page)

    phone = browser.new_context(locale="sv-SE", viewport={"width": 390, "height": 844})
    small = phone.new_page()
    log_in(small, base, "finans@example.se")
    small.locator(".nav-toggle").click()
    expect(small.get_by_role("link", name="Portfölj")).to_be_visible()
    found["phone menu open"] = _violations(small)

    assert {name: v for name, v in found.items() if v} == {}
    assert problems == []
