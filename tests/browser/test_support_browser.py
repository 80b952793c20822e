"""Support delivered in Chromium: a support officer records an activity on the initiative's
"Financing and support" tab (HTMX swaps the section) and the portfolio's total changes."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Response, expect

from tests.browser.helpers import log_in

pytestmark = pytest.mark.browser

NBSP = "\u00a0"


def test_a_recorded_activity_changes_the_portfolio_total(
    server: tuple[str, int], browser: Browser
) -> None:
    base, initiative_id = server
    problems: list[str] = []
    context = browser.new_context(locale="sv-SE")
    page = context.new_page()
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    log_in(page, base, "stod@example.se")

    page.goto(f"{base}/portfolio/support")
    expect(page.locator("#support-total-activities")).to_have_text("0")
    expect(page.locator("#support-total-hours")).to_have_text("0")

    page.goto(f"{base}/initiatives/{initiative_id}")
    expect(page.locator("#support-delivered")).to_have_count(0)  # not under the checklists
    page.get_by_role("navigation", name="Initiativets delar").get_by_role(
        "link", name="Finansiering och stöd"
    ).click()
    expect(page).to_have_url(f"{base}/initiatives/{initiative_id}/financing")
    section = page.locator("#support-delivered")
    expect(section.get_by_role("heading", name="Stöd som getts", exact=True)).to_be_visible()
    section.get_by_label("Typ av stöd").select_option("workshop")
    section.get_by_label("Timmar").fill("3,5")
    section.get_by_label("Kostnad (kr, valfritt)").fill("12 000")
    section.get_by_label("Anteckning (valfritt)").fill("Strategidag med styrgruppen")

    def is_record(response: Response) -> bool:
        return response.request.method == "POST" and response.url.endswith(
            f"/initiatives/{initiative_id}/support-activities"
        )

    with page.expect_response(is_record) as recorded:
        section.get_by_role("button", name="Registrera insatsen").click()
    assert recorded.value.status == 200
    section = page.locator("#support-delivered")  # swapped in place
    expect(section.get_by_role("status")).to_have_text("Stödinsatsen registrerades.")
    expect(section.locator("#support-log-hours")).to_have_text("3,5")
    expect(section.locator("#support-log-cost")).to_have_text(f"12{NBSP}000")
    expect(section.get_by_role("cell", name="Strategidag med styrgruppen")).to_be_visible()

    # The form is empty again. A refused input stays where it was typed, with the reason.
    expect(section.get_by_label("Timmar")).to_have_value("")
    section.get_by_label("Typ av stöd").select_option("advice")
    section.get_by_label("Timmar").fill("-2")
    with page.expect_response(is_record) as refused:
        section.get_by_role("button", name="Registrera insatsen").click()
    assert refused.value.status == 422
    hours = page.locator("#support-delivered").get_by_label("Timmar")
    expect(hours).to_have_value("-2")
    expect(hours).to_have_attribute("aria-invalid", "true")

    page.get_by_role("link", name="Portfölj").click()
    page.get_by_role("link", name="Stöd som getts").click()
    expect(page).to_have_url(f"{base}/portfolio/support")
    expect(page.locator("#support-total-activities")).to_have_text("1")
    expect(page.locator("#support-total-hours")).to_have_text("3,5")
    expect(page.locator("#support-total-cost")).to_have_text(f"12{NBSP}000")
    expect(page.get_by_role("row", name="Östergötland")).to_contain_text("3,5")

    for path in (
        "/portfolio/support",
        f"/initiatives/{initiative_id}/label-readiness",
        f"/initiatives/{initiative_id}/financing",
    ):
        page.goto(f"{base}{path}")
        violations = Axe().run(page).response["violations"]
        assert (path, [v["id"] for v in violations]) == (path, [])
    # The one refusal above answers 422 by design; nothing else may complain.
    assert [p for p in problems if "status of 422" not in p] == []
