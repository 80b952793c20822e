"""axe-core (bundled by axe-playwright-python) finds no accessibility violations."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from app.phases import Phase, get_model
from tests.browser.helpers import log_in

pytestmark = pytest.mark.browser


def _violations(page: object) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
    ]


def test_every_page_and_state_passes_axe(server: tuple[str, int], browser: object) -> None:
    base, initiative_id = server
    found: dict[str, list[str]] = {}
    item = get_model().required_items(Phase.STARTING_POINT)[0]

    page = browser.new_context(locale="sv-SE").new_page()  # type: ignore[attr-defined]
    page.goto(f"{base}/login")
    found["login"] = _violations(page)
    log_in(page, base, "ledare@example.se")
    found["list"] = _violations(page)
    page.goto(f"{base}/initiatives/{initiative_id}")
    found["initiative"] = _violations(page)
    row = page.locator(f"#item-{item.key.replace('.', '-')}")
    row.locator("label.choice-done").click()  # refused: no evidence yet
    row.locator(".item-error").wait_for()
    found["item error"] = _violations(page)
    page.goto(f"{base}/phase-model")
    found["phase model"] = _violations(page)

    officer = browser.new_context(locale="sv-SE").new_page()  # type: ignore[attr-defined]
    log_in(officer, base, "stod@example.se")
    officer.goto(f"{base}/initiatives/{initiative_id}")
    found["initiative, support"] = _violations(officer)

    assert {name: v for name, v in found.items() if v} == {}
