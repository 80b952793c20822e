"""The accessibility statement (tillgänglighetsredogörelse) that Swedish public bodies must
publish under the law on accessibility to digital public services (2018:1937), in the
structure of DIGG's model: who is responsible, how far the service complies, what is
known not to be accessible and why, how to tell us, and DIGG's supervision.

It claims only what the tests check: each check names the test file that makes it and a
string that file must contain (tests/web/pages/test_accessibility_statement.py holds them to it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from app.labels import N_
from app.models.accounts import User
from app.web.deps import optional_user
from app.web.templating import render

router = APIRouter(include_in_schema=False)

ASSESSED_ON = date(2026, 11, 30)  # the latest self-assessment of the statement
UPDATED_ON = date(2026, 11, 30)  # the statement's latest change
DIGG_REPORT = "https://www.digg.se/tdosanmalan"
WCAG = "https://www.w3.org/TR/WCAG21/"


@dataclass(frozen=True)
class Check:
    """One accessibility check the test suite makes on every change, in words."""

    text: str  # marked with N_
    test: str  # the test file that makes it
    marker: str  # what that file must contain for the claim to hold


CHECKS: tuple[Check, ...] = (
    Check(
        N_(
            "axe-core checks the pages in a real browser (Chromium) against its rules for "
            "WCAG 2.0 and 2.1 at levels A and AA: the log-in page, the list of initiatives, an "
            "initiative's page (also after a refused tick), the phase model and what changed "
            "between its versions, the actor register and the internationalisation "
            "self-assessments. Any violation it finds fails the test."
        ),
        "tests/browser/test_accessibility.py",
        "Axe().run(page)",
    ),
    Check(
        N_(
            "axe-core also checks the portfolio after it has been filtered, with what blocks a "
            "gate opened, and its charts, overdue results and regions."
        ),
        "tests/browser/test_portfolio_browser.py",
        "Axe().run(page)",
    ),
    Check(
        N_(
            "axe-core checks the audit trail too, filtered, with an entry's technical details "
            "open and after the chain has been checked, as well as this statement and the "
            "menu as it opens on a phone."
        ),
        "tests/browser/test_audit_trail.py",
        "Axe().run(page)",
    ),
    Check(
        N_(
            "A gate is walked with the keyboard alone: a checklist item is ticked with the "
            "arrow keys, its note typed and saved with Enter, moving between the fields "
            "with Tab."
        ),
        "tests/browser/test_gate_flow.py",
        'keyboard.press("Tab")',
    ),
    Check(
        N_(
            "Every main page is opened on a phone-sized screen, 390 pixels wide, as each "
            "role: no page may scroll sideways, the menu must open, and the browser may "
            "report no error."
        ),
        "tests/browser/test_phones.py",
        "scrollWidth",
    ),
    Check(
        N_(
            "Every page states its language, and every text on it exists in Swedish and in "
            "English: a test fails on a text without a translation."
        ),
        "tests/web/test_i18n.py",
        "def test_every_ui_string_has_a_swedish_translation",
    ),
)


@router.get("/tillganglighet", response_class=HTMLResponse)
def statement(
    request: Request, user: Annotated[User | None, Depends(optional_user)]
) -> HTMLResponse:
    """Public: readable without an account (a signed-in reader keeps the menu), linked
    from every page's footer."""
    settings = request.app.state.settings
    context = {
        "checks": CHECKS,
        "assessed_on": ASSESSED_ON,
        "updated_on": UPDATED_ON,
        "digg_report": DIGG_REPORT,
        "wcag": WCAG,
        # The service's own e-mail address, when it has a real one, is where to write.
        "contact": _contact(settings.smtp.sender if settings.smtp else ""),
        "organisation": settings.organisation_name,
    }
    return render(request, "accessibility/statement.html", context)


def _contact(address: str) -> str | None:
    return address if "@" in address and not address.endswith("@localhost") else None
