"""On a phone (390 px wide) no page scrolls sideways, the menu folds away and opens with a
tap, and the browser reports no error: every main page, as each role."""

from __future__ import annotations

import re
from functools import partial
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Error, Page, Response, ViewportSize, expect

from app.access import services as access
from app.db import make_engine, make_sessionmaker
from app.domain.permissions import Role
from tests.browser.helpers import log_in
from tests.conftest import AUDIT_KEY, make_user

pytestmark = pytest.mark.browser

PHONE: ViewportSize = {"width": 390, "height": 844}
ROLES = ("admin@example.se", "stod@example.se", "ledare@example.se", "finans@example.se")
DOWNLOAD = re.compile(r"\.(pdf|zip|csv|xlsx)(\?|$)|/download$")
# What sticks out to the right, to name the culprit when a page is too wide.
WIDE = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > innerWidth + 1)
  .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : ''))"""


def _everyone(database: Path, initiative_id: int) -> None:
    """The server fixture has a support officer and a leader; add an admin and a funder."""
    engine = make_engine(f"sqlite:///{database}")
    with make_sessionmaker(engine, audit_key=AUDIT_KEY)() as session:
        make_user(session, "admin@example.se", Role.ADMIN, "Ada Admin")
        make_user(session, "finans@example.se", Role.FUNDER, "Frida Finansiär")
        officer = make_user(session, "stod2@example.se", Role.SUPPORT, "Sven Stöd")
        access.add_funder(
            session, actor=officer, initiative_id=initiative_id, email="finans@example.se"
        )
    engine.dispose()


def _hrefs(page: Page, selector: str) -> list[str]:
    found: list[str] = page.eval_on_selector_all(
        selector, "links => links.map(a => a.getAttribute('href'))"
    )
    return [h for h in found if h and h.startswith("/") and not DOWNLOAD.search(h)]


def _is(response: Response, url: str) -> bool:
    return response.url == url


def _main_pages(page: Page, base: str, initiative_id: int) -> list[str]:
    """The menu's pages, the portfolio's own, and the initiative's pages it links to."""
    pages = ["/initiatives", f"/initiatives/{initiative_id}", "/tillganglighet"]
    page.goto(f"{base}/initiatives")
    pages += _hrefs(page, ".nav-links a")
    page.goto(f"{base}/portfolio")
    pages += _hrefs(page, ".subnav a")
    page.goto(f"{base}/initiatives/{initiative_id}")
    pages += _hrefs(page, f'main a[href^="/initiatives/{initiative_id}/"]:not([download])')
    pages += _hrefs(page, 'main a[href^="/gate-reviews/"]')
    return list(dict.fromkeys(p.split("#")[0] for p in pages))


def test_no_page_scrolls_sideways_on_a_phone(
    server: tuple[str, int], browser: Browser, tmp_path: Path
) -> None:
    base, initiative_id = server
    _everyone(tmp_path / "browser.db", initiative_id)
    too_wide: dict[str, str] = {}
    problems: list[str] = []
    visited = 0
    for email in ROLES:
        context = browser.new_context(locale="sv-SE", viewport=PHONE, has_touch=True)
        page = context.new_page()

        def watch(message: ConsoleMessage, who: str = email, on: Page = page) -> None:
            if message.type == "error":
                problems.append(f"{who} {on.url}: {message.text}")

        page.on("console", watch)

        def crashed(error: Error, who: str = email) -> None:
            problems.append(f"{who}: {error}")

        page.on("pageerror", crashed)
        log_in(page, base, email)

        # The menu is folded away and opens with a tap, without leaving the page.
        links = page.locator(".nav-links a")
        expect(links.first).to_be_hidden()
        page.locator(".nav-toggle").tap()
        expect(page.get_by_role("link", name="Portfölj")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

        for path in _main_pages(page, base, initiative_id):
            url = f"{base}{path}"
            with page.expect_response(partial(_is, url=url)) as answer:
                page.goto(url)
            assert answer.value.status < 400, (email, path, answer.value.status)
            visited += 1
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > PHONE["width"]:
                too_wide[f"{email} {path}"] = f"{width} px: {page.evaluate(WIDE)}"
        context.close()
    assert visited >= 4 * 10  # the crawl found the pages it must
    assert too_wide == {}
    assert problems == []
