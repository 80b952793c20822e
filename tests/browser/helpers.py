"""Steps the browser tests share."""

from __future__ import annotations

import re

from playwright.sync_api import Page

from tests.conftest import PASSWORD


def log_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/login")
    page.get_by_label("E-post").fill(email)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(re.compile(r"/initiatives$"))
