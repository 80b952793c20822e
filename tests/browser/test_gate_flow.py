"""A real browser (Debian's Chromium through Playwright): one gate, by mouse and keyboard."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Locator, Page, expect

from app.phases import Phase, get_model
from tests.browser.helpers import log_in

pytestmark = pytest.mark.browser


def _tab_to(page: Page, element_id: str) -> None:
    # By id, not by element handle: a save may swap the item in between.
    for _ in range(8):
        if page.evaluate("id => document.activeElement.id === id", element_id):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached #{element_id}")


def _open(page: Page, row: Locator, key: str) -> None:
    """Open an item's line: its form is fetched in place."""
    with page.expect_response(lambda r: r.url.endswith(f"/items/{key}")):
        row.locator("summary").click()
    expect(row.locator("form.item-form")).to_be_attached()


def _tick_with_keyboard(page: Page, row: Locator, key: str) -> None:
    """Tick one item with the keyboard alone: Enter, arrows, Tab and typing."""
    anchor = "item-" + key.replace(".", "-")
    row.locator("summary").focus()
    with page.expect_response(lambda r: r.url.endswith(f"/items/{key}")):
        page.keyboard.press("Enter")  # opens the item in place
    row.get_by_role("radio", name="Öppen").focus()
    page.keyboard.press("ArrowRight")
    expect(row.locator(".item-error")).to_be_visible()
    _tab_to(page, f"{anchor}-note")
    page.keyboard.type(f"Underlag för {key}")
    page.keyboard.press("Tab")  # leaving the note saves it, with the tick that waited for it


def test_leadership_ticks_the_results_and_support_advances(
    server: tuple[str, int], browser: Browser, tmp_path: Path
) -> None:
    base, initiative_id = server
    required = get_model().required_items(Phase.STARTING_POINT)
    problems: list[str] = []

    def watch(message: ConsoleMessage) -> None:
        # A refused tick answers 422 by design; anything else (a CSP violation,
        # a script error) is a problem.
        text = message.text
        if message.type == "error" and "status of 422" not in text:
            problems.append(text)

    leader = browser.new_context(locale="sv-SE")
    page = leader.new_page()
    page.on("console", watch)
    log_in(page, base, "ledare@example.se")
    page.get_by_role("link", name="Drönarnoden").click()
    gate = page.locator("#gate-panel")
    expect(gate.locator(".missing-list li")).to_have_count(len(required))
    advance_url = page.url

    for done, item in enumerate(required, start=1):
        row = page.locator(f"#item-{item.key.replace('.', '-')}")
        if done == len(required):
            _tick_with_keyboard(page, row, item.key)
        else:
            # Ticking done without evidence is refused in place, and nothing is lost.
            _open(page, row, item.key)
            row.locator("label.choice-done").click()  # the segmented control is a styled label
            expect(row.locator(".item-error")).to_be_visible()
            row.get_by_label("Anteckning", exact=True).fill(f"Underlag för {item.key}")
            row.get_by_role("button", name="Spara").click()
        expect(row).to_have_class(re.compile(r"\bitem-done\b"))
        expect(gate.locator(".missing-list li")).to_have_count(len(required) - done)
    expect(gate.locator(".gate-badge.gate-open")).to_be_visible()
    assert page.url == advance_url  # every tick saved without a page load
    # caret="initial": Playwright's caret-hiding <style> would trip our own CSP.
    page.screenshot(path=str(tmp_path / "gate-open.png"), full_page=True, caret="initial")

    support = browser.new_context(locale="sv-SE")
    officer = support.new_page()
    officer.on("console", watch)
    log_in(officer, base, "stod@example.se")
    officer.goto(f"{base}/initiatives/{initiative_id}")
    officer.get_by_role("button", name=re.compile("Gå vidare")).click()
    dialog = officer.get_by_role("dialog")  # a move is not undone: it asks first, and says why
    expect(dialog).to_contain_text("Initiering")
    dialog.get_by_role("button", name="Gå vidare").click()
    expect(officer.locator(".page-head .phase-pill")).to_have_text("Initiering")
    expect(officer.locator("#history-title + .timeline .timeline-entry")).to_have_count(1)
    assert problems == []
