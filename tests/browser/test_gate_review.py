"""A real browser walks a full gate review: evidence, request, Conditional Go, conditions."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Locator, Page, expect

from app.phases import Evidence, Phase, get_model
from tests.browser.helpers import log_in
from tests.browser.test_accessibility import _violations
from tests.domain.test_evidence_rules import PDF

pytestmark = pytest.mark.browser
MODEL = get_model()


def _open(page: Page, row: Locator, key: str) -> None:
    """Open an item's line: its form is fetched in place."""
    with page.expect_response(lambda r: r.url.endswith(f"/items/{key}")):
        row.locator("summary").click()
    expect(row.locator("form.item-form")).to_be_attached()


def test_a_full_gate_review(server: tuple[str, int], browser: Browser, tmp_path: Path) -> None:
    base, initiative_id = server
    required = MODEL.required_items(Phase.STARTING_POINT)
    with_file = next(i for i in required if i.evidence is not Evidence.NONE)
    problems: list[str] = []

    def watch(message: ConsoleMessage) -> None:
        text = message.text
        if message.type == "error" and "status of 422" not in text:
            problems.append(text)

    document = tmp_path / "protokoll.pdf"
    document.write_bytes(PDF)

    # The leadership group: a document as evidence, every result ticked, a review requested.
    leader = browser.new_context(locale="sv-SE")
    page = leader.new_page()
    page.on("console", watch)
    log_in(page, base, "ledare@example.se")
    page.goto(f"{base}/initiatives/{initiative_id}")
    anchor = "item-" + with_file.key.replace(".", "-")
    row = page.locator(f"#{anchor}")
    _open(page, row, with_file.key)
    row.locator(f"label:has(#{anchor}-kind-file)").click()  # only the document field shows
    expect(row.locator(f"#{anchor}-note")).to_be_hidden()
    row.locator(f"#{anchor}-file").set_input_files(str(document))
    with page.expect_response(lambda r: r.request.method == "POST" and "/items/" in r.url) as sent:
        row.locator(f"#{anchor}-add").click()
    # A document goes as multipart; a form without one, urlencoded (app.js).
    assert sent.value.request.headers["content-type"].startswith("multipart/form-data")
    expect(page.locator(f"#{anchor} .piece-list")).to_contain_text("protokoll.pdf")
    found = {"item with a document": _violations(page)}
    page.locator(f"#{anchor} label.choice-done").click()  # a styled segmented control
    expect(page.locator(f"#{anchor}")).to_have_class(re.compile(r"\bitem-done\b"))

    for item in required:
        if item.key == with_file.key:
            continue
        aid = "item-" + item.key.replace(".", "-")
        row = page.locator(f"#{aid}")
        _open(page, row, item.key)
        row.locator("label.choice-done").click()
        if item.evidence is not Evidence.NONE:  # refused in place until there is evidence
            expect(row.locator(".item-error")).to_be_visible()
            row.locator(f"#{aid}-note").fill(f"Underlag för {item.key}")
            row.locator(f"#{aid}-save").click()
        expect(page.locator(f"#{aid}")).to_have_class(re.compile(r"\bitem-done\b"))

    expect(page.locator("#request-review")).to_be_enabled()
    page.locator("#review-note").fill("Vi är redo för initieringen.")
    page.locator("#request-review").click()
    page.wait_for_url(re.compile(r"/gate-reviews/\d+$"))
    review_url = page.url
    expect(page.locator("#decide-button")).to_have_count(0)
    found["review, requested"] = _violations(page)
    leader.close()

    # The support officer decides: Conditional Go with a named, dated condition.
    support = browser.new_context(locale="sv-SE")
    page = support.new_page()
    page.on("console", watch)
    log_in(page, base, "stod@example.se")
    page.goto(f"{base}/initiatives/{initiative_id}")
    page.locator("#review-pending a").click()
    page.wait_for_url(review_url)
    found["review, decision form"] = _violations(page)
    page.locator("input[name=outcome][value=conditional_go]").check()
    page.locator("#rationale").fill("Stark grund; avsiktsförklaringen saknas.")
    page.locator("#condition-text-0").fill("Undertecknad avsiktsförklaring")
    page.locator("#condition-owner-0").fill("Lars Ledare")
    due = (date.today() + timedelta(days=30)).isoformat()
    page.locator("#condition-due-0").fill(due)
    page.locator("#decide-button").click()
    dialog = page.get_by_role("dialog")  # final: it asks first, and says what follows
    expect(dialog).to_contain_text("Villkorat ja")
    found["review, confirming the decision"] = _violations(page)
    dialog.locator("#confirm-dialog-ok").click()
    expect(page.locator("#review-outcome")).to_have_text(re.compile("Villkorat ja|Conditional"))
    starting_point = MODEL.phase(Phase.STARTING_POINT)
    assert starting_point is not None
    expect(page.locator("#snapshot-table tbody tr")).to_have_count(len(starting_point.items))
    expect(page.locator("#snapshot-table")).to_contain_text("protokoll.pdf")
    found["review, decided"] = _violations(page)

    # The initiative moved on, and the open condition now blocks the next gate.
    page.goto(f"{base}/initiatives/{initiative_id}")
    expect(page.locator(".phase-pill-large")).to_have_text("Initiering")
    expect(page.locator("#gate-conditions")).to_contain_text("Undertecknad avsiktsförklaring")

    # Closing the condition clears it from the gate.
    page.goto(review_url)
    page.locator("input[name=note]").fill("Inkom 3 mars")
    page.locator("form.inline-form button").click()
    expect(page.locator(".condition-closed")).to_have_count(1)
    page.goto(f"{base}/initiatives/{initiative_id}")
    expect(page.locator("#gate-conditions")).to_have_count(0)
    support.close()
    assert problems == []
    assert {name: v for name, v in found.items() if v} == {}
