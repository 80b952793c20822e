"""Steps the browser tests share."""

from __future__ import annotations

import re

from tests.conftest import PASSWORD


def log_in(page: object, base: str, email: str) -> None:
    page.goto(f"{base}/login")  # type: ignore[attr-defined]
    page.get_by_label("E-post").fill(email)  # type: ignore[attr-defined]
    page.get_by_label("Lösenord").fill(PASSWORD)  # type: ignore[attr-defined]
    page.get_by_role("button", name="Logga in").click()  # type: ignore[attr-defined]
    page.wait_for_url(re.compile(r"/initiatives$"))  # type: ignore[attr-defined]
