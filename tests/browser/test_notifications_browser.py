"""Comments and notifications in Chromium: a leader mentions a support officer in a
comment; the officer's bell counts it, the list says it in Swedish, marking it read clears it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Response, expect

from tests.browser.helpers import log_in

pytestmark = pytest.mark.browser

KEY = "starting_point.results.critical_mass"


def test_a_mention_reaches_the_bell_and_is_marked_read(
    server: tuple[str, int], browser: Browser
) -> None:
    base, initiative_id = server
    problems: list[str] = []

    def watch(page: object) -> None:
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)  # type: ignore[attr-defined]
        page.on("pageerror", lambda e: problems.append(str(e)))  # type: ignore[attr-defined]

    leader = browser.new_context(locale="sv-SE").new_page()
    watch(leader)
    log_in(leader, base, "ledare@example.se")
    thread_url = f"/initiatives/{initiative_id}/items/{KEY}/comments"
    leader.goto(base + thread_url)
    leader.get_by_label("Skriv en kommentar").fill("Kan @stod@example.se läsa protokollet?")

    def is_post(response: Response) -> bool:
        return response.request.method == "POST" and response.url.endswith(thread_url)

    with leader.expect_response(is_post) as posted:
        leader.get_by_role("button", name="Kommentera").click()
    assert posted.value.status == 200
    expect(leader.locator(".comment-body")).to_have_text("Kan @stod@example.se läsa protokollet?")

    officer = browser.new_context(locale="sv-SE").new_page()
    watch(officer)
    log_in(officer, base, "stod@example.se")
    expect(officer.locator(".notification-count")).to_contain_text("1")
    officer.locator("a.bell").click()
    officer.wait_for_url(f"{base}/notifications")
    item = officer.locator(".notification").first
    expect(item).to_contain_text("Lars Ledare nämnde dig i en kommentar om Drönarnoden")

    def is_read(response: Response) -> bool:
        return response.request.method == "POST" and "/read" in response.url

    with officer.expect_response(is_read) as read:
        item.get_by_role("button", name="Markera som läst").click()
    assert read.value.status in (200, 303)
    officer.wait_for_url(f"{base}/notifications")
    expect(officer.locator(".notification-count")).to_have_count(0)
    # The link in the notification leads to the comment.
    officer.locator(".notification a").first.click()
    expect(officer.locator(".comment-body").first).to_contain_text("läsa protokollet")
    assert problems == []
