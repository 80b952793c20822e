"""axe-core (bundled by axe-playwright-python) finds no accessibility violations."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, ConsoleMessage, Page, expect

from app.phases import Phase, PhaseModel, get_model
from tests.browser.helpers import log_in
from tests.conftest import DERIVED_VERSION, REMOVED

pytestmark = pytest.mark.browser


def _violations(page: Page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
    ]


def test_every_page_and_state_passes_axe(server: tuple[str, int], browser: Browser) -> None:
    base, initiative_id = server
    found: dict[str, list[str]] = {}
    item = get_model().required_items(Phase.STARTING_POINT)[0]

    page = browser.new_context(locale="sv-SE").new_page()
    page.goto(f"{base}/login")
    found["login"] = _violations(page)
    log_in(page, base, "ledare@example.se")
    found["list"] = _violations(page)
    page.goto(f"{base}/initiatives/{initiative_id}")
    found["initiative"] = _violations(page)
    row = page.locator(f"#item-{item.key.replace('.', '-')}")
    with page.expect_response(lambda r: r.url.endswith(f"/items/{item.key}")):
        row.locator("summary").click()  # the item opens in place
    found["item opened"] = _violations(page)
    row.locator("label.choice-done").click()  # refused: no evidence yet
    row.locator(".item-error").wait_for()
    found["item error"] = _violations(page)
    page.goto(f"{base}/phase-model")
    found["phase model"] = _violations(page)

    officer = browser.new_context(locale="sv-SE").new_page()
    log_in(officer, base, "stod@example.se")
    officer.goto(f"{base}/initiatives/{initiative_id}")
    found["initiative, support"] = _violations(officer)

    officer.goto(f"{base}/initiatives/{initiative_id}/actors")
    found["actors, empty"] = _violations(officer)
    officer.get_by_label("Namn").fill("Saab")
    officer.get_by_label("Organisationsnummer (frivilligt)").fill("556036-0792")  # bad digit
    officer.get_by_label("Typ", exact=True).select_option("anchor_company")
    officer.get_by_role("button", name="Lägg till aktören").click()
    officer.locator("#actor-organisation_number-error").wait_for()
    found["actor error"] = _violations(officer)
    officer.get_by_label("Organisationsnummer (frivilligt)").fill("556036-0793")
    officer.get_by_role("button", name="Lägg till aktören").click()
    officer.locator("#member-chart").wait_for()
    found["actors"] = _violations(officer)

    officer.goto(f"{base}/initiatives/{initiative_id}/internationalisation/new")
    officer.get_by_role("button", name="Spara bedömningen").click()
    officer.locator("#level-error").wait_for()
    found["assessment error"] = _violations(officer)
    officer.get_by_label("Bedömningens datum").fill("2026-01-15")
    officer.locator("input[name=level][value='4']").check()
    officer.get_by_role("button", name="Spara bedömningen").click()
    officer.locator("#radar-groups").wait_for()
    found["internationalisation"] = _violations(officer)
    officer.goto(f"{base}/portfolio/internationalisation")
    found["portfolio"] = _violations(officer)

    assert {name: v for name, v in found.items() if v} == {}


def test_the_model_version_pages_pass_axe(
    server: tuple[str, int], browser: Browser, derived: PhaseModel, tmp_path: Path
) -> None:
    base, initiative_id = server
    found: dict[str, list[str]] = {}
    problems: list[str] = []

    def watch(message: ConsoleMessage) -> None:
        text = message.text
        if message.type == "error" and "status of 422" not in text:
            problems.append(text)

    # Leadership ticks an item the new version removes, so the move keeps it read-only.
    leader = browser.new_context(locale="sv-SE").new_page()
    leader.on("console", watch)
    log_in(leader, base, "ledare@example.se")
    leader.goto(f"{base}/initiatives/{initiative_id}")
    row = leader.locator(f"#item-{REMOVED.replace('.', '-')}")
    with leader.expect_response(lambda r: r.url.endswith(f"/items/{REMOVED}")):
        row.locator("summary").click()  # the item opens in place
    row.locator("label.choice-done").click()
    expect(row.locator(".item-error")).to_be_visible()
    row.get_by_label("Anteckning").fill("Samtal med högskolan")
    row.get_by_role("button", name="Spara").click()
    expect(row).to_have_class(re.compile(r"\bitem-done\b"))

    officer = browser.new_context(locale="sv-SE").new_page()
    officer.on("console", watch)
    log_in(officer, base, "stod@example.se")
    officer.goto(f"{base}/phase-model")
    found["phase model, two versions"] = _violations(officer)
    officer.goto(f"{base}/phase-model/diff")
    found["diff"] = _violations(officer)
    officer.goto(f"{base}/initiatives/{initiative_id}")
    officer.locator("#newer-version a").click()
    expect(officer.locator("#impact-kept")).to_contain_text("Öppenhet och nyfikenhet")
    found["move preview"] = _violations(officer)
    officer.screenshot(path=str(tmp_path / "move-preview.png"), full_page=True, caret="initial")
    officer.get_by_role("button", name=f"Flytta till version {DERIVED_VERSION}").click()
    expect(officer.locator("#earlier-items")).to_contain_text("Samtal med högskolan")
    expect(officer.locator("#history-title + .timeline .timeline-entry")).to_have_count(1)
    found["initiative after the move"] = _violations(officer)
    officer.screenshot(path=str(tmp_path / "after-move.png"), full_page=True, caret="initial")

    assert {name: v for name, v in found.items() if v} == {}
    assert problems == []
