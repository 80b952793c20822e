"""A real browser records two internationalisation assessments and sees the radar charts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.helpers import log_in

pytestmark = pytest.mark.browser


def _record(page: Page, on: str, level: str, smes: str) -> None:
    page.get_by_role("link", name="Registrera en bedömning").click()
    page.get_by_label("Bedömningens datum").fill(on)
    page.locator(f"input[name=level][value='{level}']").check()
    page.get_by_label("Små och medelstora företag").select_option(smes)
    page.get_by_label("Europa").select_option("3")
    page.get_by_role("button", name="Spara bedömningen").click()


def test_leadership_records_assessments_and_sees_the_radar(
    server: tuple[str, int], browser: Browser, tmp_path: Path
) -> None:
    base, initiative_id = server
    problems: list[str] = []
    page = browser.new_context(locale="sv-SE").new_page()
    # The refused save answers 422 by design; anything else (CSP, scripts) is a problem.
    page.on(
        "console",
        lambda m: (
            problems.append(m.text) if m.type == "error" and "status of 422" not in m.text else None
        ),
    )
    log_in(page, base, "ledare@example.se")
    page.get_by_role("link", name="Drönarnoden").click()
    page.get_by_role("link", name="Internationalisering", exact=True).last.click()
    expect(page.get_by_role("heading", name="Ingen bedömning ännu")).to_be_visible()

    # A missing level is refused in place; the scores typed so far stay.
    page.get_by_role("link", name="Registrera en bedömning").click()
    page.get_by_label("Bedömningens datum").fill("2026-01-15")
    page.get_by_label("Små och medelstora företag").select_option("2")
    page.get_by_role("button", name="Spara bedömningen").click()
    expect(page.locator("#level-error")).to_be_visible()
    expect(page.get_by_label("Små och medelstora företag")).to_have_value("2")
    page.locator("input[name=level][value='3']").check()
    page.get_by_role("button", name="Spara bedömningen").click()
    expect(page).to_have_url(re.compile(rf"/initiatives/{initiative_id}/internationalisation$"))

    _record(page, "2026-06-15", "5", "4")
    expect(page.get_by_text("Nivå 5 av 7")).to_be_visible()
    radar = page.get_by_role("img", name=re.compile("Aktörsgruppernas aktivitet"))
    expect(radar).to_be_visible()
    expect(radar.locator("polygon.radar-latest")).to_have_count(1)
    expect(radar.locator("polygon.radar-previous")).to_have_count(1)  # the earlier one, overlaid
    expect(page.get_by_role("img", name=re.compile("Internationaliseringsnivå"))).to_be_visible()
    page.get_by_text("Visa siffrorna").first.click()
    expect(
        page.get_by_role("row", name=re.compile("Små och medelstora företag 4 2"))
    ).to_be_visible()
    page.screenshot(path=str(tmp_path / "radar.png"), full_page=True, caret="initial")
    assert problems == []
