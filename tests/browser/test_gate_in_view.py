"""The gate always in view: beside the checklists (sticky) on a wide screen, a bar at the top
of a phone's screen; every missing item is a link that opens it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Locator, Page, expect

from app.domain.workflow import Trigger
from app.initiatives import services as initiatives
from app.phases import Phase, get_model
from tests.browser.gate_loop import anchor, server_session, settle_phase, user
from tests.browser.helpers import log_in
from tests.browser.test_accessibility import _violations

pytestmark = pytest.mark.browser
INITIATION = get_model().required_items(Phase.INITIATION)


@pytest.fixture
def in_initiation(server: tuple[str, int], tmp_path: Path) -> int:
    """The initiative, moved on to initiation: a phase of some 30 items, a long page."""
    _, initiative_id = server
    with server_session(tmp_path) as session:
        leader, support = user(session, "ledare@example.se"), user(session, "stod@example.se")
        settle_phase(session, initiative_id, Phase.STARTING_POINT, leader)
        initiatives.run_transition(
            session, actor=support, initiative_id=initiative_id, trigger=Trigger.ADVANCE
        )
    return initiative_id


def _leader_page(
    browser: Browser, base: str, width: int, height: int
) -> Iterator[tuple[Page, list[str]]]:
    problems: list[str] = []

    def watch(message: ConsoleMessage) -> None:
        if message.type == "error":
            problems.append(message.text)

    # Reduced motion: scrolling to an anchor is instant, so positions can be read at once.
    context = browser.new_context(
        locale="sv-SE", viewport={"width": width, "height": height}, reduced_motion="reduce"
    )
    page = context.new_page()
    page.on("console", watch)
    page.on("pageerror", lambda error: problems.append(str(error)))
    log_in(page, base, "ledare@example.se")
    yield page, problems
    context.close()


@pytest.fixture
def wide(server: tuple[str, int], browser: Browser) -> Iterator[tuple[Page, list[str]]]:
    yield from _leader_page(browser, server[0], 1366, 768)


@pytest.fixture
def phone(server: tuple[str, int], browser: Browser) -> Iterator[tuple[Page, list[str]]]:
    yield from _leader_page(browser, server[0], 390, 844)


def _in_viewport(page: Page, locator: Locator) -> bool:
    box = locator.bounding_box()
    size = page.viewport_size
    assert box is not None and size is not None
    return box["y"] >= 0 and box["y"] + min(box["height"], 120) <= size["height"]


def _opens(page: Page, link: Locator, key: str) -> None:
    """A missing item's link opens that item in place, in view."""
    with page.expect_response(lambda r: r.url.endswith(f"/items/{key}")):
        link.click()
    row = page.locator(f"#{anchor(key)}")
    expect(row.locator("details")).to_have_attribute("open", "")
    expect(row.locator("form.item-form")).to_be_visible()
    assert _in_viewport(page, row)
    assert page.url.endswith(f"#{anchor(key)}")


def test_the_gate_stays_beside_the_checklists_on_a_wide_screen(
    server: tuple[str, int], in_initiation: int, wide: tuple[Page, list[str]]
) -> None:
    base, _ = server
    page, problems = wide
    page.goto(f"{base}/initiatives/{in_initiation}")
    gate = page.locator("#gate-panel")
    expect(gate.locator(".missing-list li")).to_have_count(len(INITIATION))
    expect(page.locator("#gate-bar")).to_be_hidden()  # the panel itself is in view
    items = page.locator("#checklists li.item")
    assert items.count() > 25
    items.last.scroll_into_view_if_needed()
    assert page.evaluate("window.scrollY") > 500  # a long page, scrolled far down
    assert _in_viewport(page, gate)  # ...and the gate is still there, beside the items
    # Each missing item is a link that opens it, where it is.
    first = INITIATION[0]
    _opens(page, gate.get_by_role("link", name=first.text.sv), first.key)
    assert _in_viewport(page, gate)
    # A keyboard user skips the items: one link before them leads to the gate.
    page.goto(f"{base}/initiatives/{in_initiation}")
    presses = 0
    while not page.evaluate("document.activeElement.classList.contains('skip-to-gate')"):
        page.keyboard.press("Tab")
        presses += 1
        assert presses < 40, "the link to the gate comes before the items"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.getElementById('gate-panel').contains(document.activeElement)")
    assert problems == []


def test_a_phone_has_the_gate_as_a_bar_at_the_top(
    server: tuple[str, int], in_initiation: int, phone: tuple[Page, list[str]]
) -> None:
    base, _ = server
    page, problems = phone
    page.goto(f"{base}/initiatives/{in_initiation}")
    bar = page.locator("#gate-bar")
    expect(bar).to_be_visible()
    expect(bar).to_contain_text(f"{len(INITIATION)} obligatoriska resultat saknas")
    expect(bar).to_contain_text("Begär granskning")
    page.locator("#checklists li.item").last.scroll_into_view_if_needed()
    assert page.evaluate("window.scrollY") > 2000
    assert _in_viewport(page, bar)  # sticky: still at the top
    box = bar.bounding_box()
    assert box is not None and box["y"] < 20
    # Its missing items open in the bar, each a link that opens the item.
    bar.locator("summary").click()
    links = bar.locator(".gate-bar-list a.open-item")
    expect(links).to_have_count(len(INITIATION))
    assert _violations(page) == []  # axe, at a phone's width, with the bar open
    last = INITIATION[-1]
    _opens(page, bar.get_by_role("link", name=last.text.sv), last.key)
    expect(bar.locator("details")).not_to_have_attribute("open", re.compile(".*"))
    # "Request review" leads to the request form at the gate panel.
    bar.get_by_role("link", name="Begär granskning").click()
    expect(page.locator("#request-review")).to_be_in_viewport()
    assert problems == []
