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
