"""A process leader's initiative page starts with "what to do next": a missing item's link
there opens the item in place, on a wide screen and on a phone (with no sideways scroll)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, expect

from app import clock
from app.domain.evidence import EvidenceKind
from app.domain.items import ItemStatus, ItemUpdate
from app.domain.reviews import ReviewStatus
from app.evidence import services as evidence_services
from app.evidence.services import NewEvidence
from app.evidence.storage import BlobStore
from app.initiatives import items as initiative_items
from app.models.reviews import GateReview, ReviewCondition
from app.phases import Phase, get_model
from tests.browser.gate_loop import anchor, server_session, user
from tests.browser.helpers import log_in
from tests.browser.test_accessibility import _violations

pytestmark = pytest.mark.browser
START = get_model().required_items(Phase.STARTING_POINT)
LAST = START[-1]  # still open: the panel lists it as missing


@pytest.fixture
def waiting_work(server: tuple[str, int], tmp_path: Path) -> int:
    """An overdue condition with a long text and a ticked item whose evidence expires soon,
    besides the four other missing items of a new initiative."""
    _, initiative_id = server
    today = clock.today()
    with server_session(tmp_path) as session:
        leader = user(session, "ledare@example.se")
        review = GateReview(
            initiative_id=initiative_id,
            phase=Phase.STARTING_POINT,
            model_version=get_model().version,
            status=ReviewStatus.DECIDED,
            requested_by_id=leader.id,
            requested_at=datetime.now(UTC) - timedelta(days=40),
        )
        session.add(review)
        session.flush()
        session.add(
            ReviewCondition(
                review_id=review.id,
                initiative_id=initiative_id,
                text="Avsiktsförklaring undertecknad av regionen, kommunerna och lärosätet "
                "(Linköpingsuniversitet/Östergötlandsregionensutvecklingsavdelning)",
                owner="Lars Ledare",
                due_on=today - timedelta(days=3),
            )
        )
        session.commit()
        update = ItemUpdate(ItemStatus.DONE, "Protokoll")
        initiative_items.update_item(
            session, actor=leader, initiative_id=initiative_id, key=START[0].key, update=update
        )
        evidence_services.add_evidence(
            session,
            actor=leader,
            initiative_id=initiative_id,
            key=START[0].key,
            new=NewEvidence(EvidenceKind.NOTE, note="Intyg", expires_on=today + timedelta(9)),
            store=BlobStore(None),
            max_bytes=1000,
        )
    return initiative_id


def _leader(browser: Browser, base: str, width: int) -> Iterator[tuple[Page, list[str]]]:
    problems: list[str] = []

    def watch(message: ConsoleMessage) -> None:
        if message.type == "error":
            problems.append(message.text)

    context = browser.new_context(
        locale="sv-SE", viewport={"width": width, "height": 844}, reduced_motion="reduce"
    )
    page = context.new_page()
    page.on("console", watch)
    page.on("pageerror", lambda error: problems.append(str(error)))
    log_in(page, base, "ledare@example.se")
    yield page, problems
    context.close()


@pytest.mark.parametrize("width", [1366, 390])
def test_a_missing_item_in_what_to_do_next_opens_in_place(
    server: tuple[str, int], waiting_work: int, browser: Browser, width: int
) -> None:
    base, _ = server
    for page, problems in _leader(browser, base, width):
        page.goto(f"{base}/initiatives/{waiting_work}")
        panel = page.locator("#next-steps")
        expect(panel).to_be_visible()
        expect(panel.get_by_role("heading", name="Att göra härnäst")).to_be_visible()
        expect(panel.locator("#next-missing a.open-item")).to_have_count(len(START) - 1)
        expect(panel.locator("#next-conditions")).to_contain_text("dagar försenat")
        expect(panel.locator("#next-evidence")).to_contain_text("om 9 dagar")
        # Nothing sticks out sideways on a phone.
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert _violations(page) == []
        item = LAST
        with page.expect_response(lambda r: r.url.endswith(f"/items/{LAST.key}")):
            panel.get_by_role("link", name=item.text.sv).click()
        row = page.locator(f"#{anchor(item.key)}")
        expect(row.locator("details")).to_have_attribute("open", "")
        expect(row.locator("form.item-form")).to_be_visible()
        expect(row).to_be_in_viewport()
        assert page.url.endswith(f"#{anchor(item.key)}")  # opened in place, no reload
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert problems == []
