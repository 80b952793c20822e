"""The portfolio in Chromium: filter with HTMX, open an initiative, download its report."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, expect

from tests.browser.helpers import log_in

pytestmark = pytest.mark.browser


def test_filter_the_dashboard_open_an_initiative_and_download_its_report(
    server: tuple[str, int], browser: Browser, tmp_path: Path
) -> None:
    base, initiative_id = server
    problems: list[str] = []
    context = browser.new_context(locale="sv-SE", accept_downloads=True)
    page = context.new_page()
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    log_in(page, base, "stod@example.se")
    # A second initiative in another region, through the ordinary form.
    page.get_by_label("Namn").fill("Rymdnoden")
    page.get_by_label("Region").fill("Norrbotten")
    page.get_by_role("button", name="Skapa").click()
    page.wait_for_url(re.compile(r"/initiatives/\d+$"))

    page.get_by_role("link", name="Portfölj").click()
    page.wait_for_url(re.compile(r"/portfolio$"))
    results = page.locator("#portfolio-results")
    expect(results.get_by_role("link", name="Rymdnoden")).to_be_visible()
    expect(results.get_by_role("link", name="Drönarnoden")).to_be_visible()

    page.get_by_label("Region", exact=True).select_option("Östergötland")
    expect(results.get_by_role("link", name="Rymdnoden")).to_have_count(0)
    expect(results.get_by_role("link", name="Drönarnoden")).to_be_visible()
    expect(page).to_have_url(f"{base}/portfolio?region=%C3%96sterg%C3%B6tland")
    # The filtered view survives a reload: it is in the URL.
    page.reload()
    expect(page.locator("#portfolio-results").get_by_role("link", name="Rymdnoden")).to_have_count(
        0
    )

    # One click explains the readiness.
    page.get_by_role("link", name="Vad blockerar?").click()
    expect(page.locator(f"#blocking-{initiative_id} li").first).to_be_visible()

    violations = Axe().run(page).response["violations"]
    assert [v["id"] for v in violations] == []

    page.get_by_role("link", name="Drönarnoden").click()
    page.wait_for_url(f"{base}/initiatives/{initiative_id}")
    with page.expect_download() as download:
        page.get_by_role("link", name="svenska").click()
    saved = tmp_path / "report.pdf"
    download.value.save_as(saved)
    text = subprocess.run(
        ["pdftotext", str(saved), "-"], capture_output=True, check=True, text=True
    ).stdout
    assert "Drönarnoden" in text and "Fashistorik" in text

    page.goto(f"{base}/portfolio/analytics")
    expect(page.locator("svg.chart")).to_have_count(6)  # three of them support delivered
    for path in ("/portfolio/analytics", "/portfolio/overdue", "/portfolio/regions"):
        page.goto(f"{base}{path}")
        violations = Axe().run(page).response["violations"]
        assert (path, [v["id"] for v in violations]) == (path, [])
    assert problems == []
