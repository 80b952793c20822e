"""Decisions made on the evidence: with a review requested, "advance" leads to the review;
the review shows every item with who ticked it, its evidence (documents to download) and
what changed since the request; deciding, and withdrawing evidence, ask first."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, expect
from sqlalchemy import select

from app.domain.reviews import ReviewOutcome, ReviewStatus
from app.evidence import services as evidence_services
from app.evidence.storage import BlobStore
from app.models.evidence import Evidence
from app.models.initiatives import Initiative
from app.models.reviews import GateReview
from app.phases import Phase, get_model
from app.reviews import services as reviews
from tests.browser.gate_loop import open_item, server_session, settle_phase, user
from tests.browser.helpers import log_in
from tests.browser.test_accessibility import _violations
from tests.domain.test_evidence_rules import PDF

pytestmark = pytest.mark.browser
REQUIRED = get_model().required_items(Phase.STARTING_POINT)
WITH_FILE, CHANGED = REQUIRED[0], REQUIRED[1]


@pytest.fixture
def requested(server: tuple[str, int], tmp_path: Path) -> int:
    """The group has documented and ticked every result and asked for a review; then,
    after asking, added a link to one item. Returns the review's id."""
    _, initiative_id = server
    store = BlobStore(tmp_path / "data")
    with server_session(tmp_path) as session:
        leader = user(session, "ledare@example.se")
        evidence_services.add_evidence(
            session, actor=leader, initiative_id=initiative_id, key=WITH_FILE.key,
            new=evidence_services.NewEvidence(
                kind="file", file_name="protokoll.pdf", data=PDF, effective_on=date.today()
            ),
            store=store, max_bytes=1_000_000,
        )  # fmt: skip
        settle_phase(session, initiative_id, Phase.STARTING_POINT, leader)
        review = reviews.request_review(
            session, actor=leader, initiative_id=initiative_id, note="Vi är redo."
        )
        evidence_services.add_evidence(
            session, actor=leader, initiative_id=initiative_id, key=CHANGED.key,
            new=evidence_services.NewEvidence(kind="link", url="https://example.se/avtal"),
            store=store, max_bytes=1_000_000,
        )  # fmt: skip
        return review.id


def _page(browser: Browser, base: str, email: str) -> Iterator[tuple[Page, list[str]]]:
    problems: list[str] = []

    def watch(message: ConsoleMessage) -> None:
        if message.type == "error":
            problems.append(message.text)

    context = browser.new_context(locale="sv-SE", accept_downloads=True)
    page = context.new_page()
    page.on("console", watch)
    page.on("pageerror", lambda error: problems.append(str(error)))
    log_in(page, base, email)
    yield page, problems
    context.close()


@pytest.fixture
def officer(server: tuple[str, int], browser: Browser) -> Iterator[tuple[Page, list[str]]]:
    yield from _page(browser, server[0], "stod@example.se")


@pytest.fixture
def leader(server: tuple[str, int], browser: Browser) -> Iterator[tuple[Page, list[str]]]:
    yield from _page(browser, server[0], "ledare@example.se")


def test_the_officer_decides_on_the_evidence_and_confirms(
    server: tuple[str, int],
    requested: int,
    officer: tuple[Page, list[str]],
    tmp_path: Path,
) -> None:
    base, initiative_id = server
    page, problems = officer
    page.goto(f"{base}/initiatives/{initiative_id}")
    # The gate is open, but the group has asked: "advance" is deciding their request.
    expect(page.locator(".transition-advance")).to_have_count(0)
    page.locator("#decide-review").click()
    page.wait_for_url(re.compile(rf"/gate-reviews/{requested}#decide-title$"))

    # Before deciding: every item, who ticked it, its evidence, what changed since.
    rows = page.locator("#review-items tbody tr")
    starting_point = get_model().phase(Phase.STARTING_POINT)
    assert starting_point is not None
    expect(rows).to_have_count(sum(len(c.tickable) for c in starting_point.checklists))
    expect(page.locator("#changed-since")).to_contain_text(CHANGED.text.sv)
    changed = page.locator(f'#review-items tr[data-key="{CHANGED.key}"]')
    expect(changed).to_contain_text("tillagt efter begäran")
    expect(changed.get_by_role("link", name="https://example.se/avtal")).to_be_visible()
    documented = page.locator(f'#review-items tr[data-key="{WITH_FILE.key}"]')
    expect(documented).to_contain_text("Lars Ledare")  # who ticked it
    expect(documented).to_contain_text("Klar")
    with page.expect_download() as download:
        documented.get_by_role("link", name="protokoll.pdf").click()
    assert Path(download.value.path()).read_bytes() == PDF
    found = {"review with the items": _violations(page)}

    # Deciding asks first and says what will follow; cancelled, nothing is decided.
    page.locator("label.outcome-option:has(input[value=go])").click()
    page.locator("#rationale").fill("Underlaget håller; avtalet kom efter begäran.")
    page.locator("#decide-button").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("Ja: initiativet går vidare från Utgångspunkt till Initiering")
    found["confirming the decision"] = _violations(page)
    dialog.get_by_role("button", name="Avbryt").click()
    expect(dialog).to_have_count(0)
    with server_session(tmp_path) as session:
        review = session.get(GateReview, requested)
        assert review is not None and review.status is ReviewStatus.REQUESTED
    page.locator("#decide-button").click()
    page.get_by_role("dialog").get_by_role("button", name="Registrera beslutet").click()
    expect(page.locator("#review-outcome")).to_have_text("Ja")
    with server_session(tmp_path) as session:
        review = session.get(GateReview, requested)
        initiative = session.get(Initiative, initiative_id)
        assert review is not None and review.outcome is ReviewOutcome.GO
        assert review.rationale == "Underlaget håller; avtalet kom efter begäran."
        assert initiative is not None and initiative.phase is Phase.INITIATION
    assert {name: v for name, v in found.items() if v} == {}
    assert problems == []


def test_withdrawing_evidence_asks_first(
    server: tuple[str, int], requested: int, leader: tuple[Page, list[str]], tmp_path: Path
) -> None:
    base, initiative_id = server
    page, problems = leader
    page.goto(f"{base}/initiatives/{initiative_id}")
    row = open_item(page, CHANGED.key)
    piece = row.locator(".piece", has_text="https://example.se/avtal")
    piece.locator("summary", has_text="Dra tillbaka").click()
    piece.get_by_label("Varför dras det tillbaka?").fill("Fel avtal")
    piece.get_by_role("button", name="Dra tillbaka").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("räknas inte längre som underlag")
    with page.expect_response(lambda r: r.url.endswith("/withdraw")) as withdrawn:
        dialog.get_by_role("button", name="Dra tillbaka").click()
    assert withdrawn.value.ok
    expect(row.locator(".piece-withdrawn")).to_contain_text("Fel avtal")
    expect(row.locator("details")).to_have_attribute("open", "")  # still open, in place
    with server_session(tmp_path) as session:
        pieces = session.scalars(
            select(Evidence).where(Evidence.initiative_id == initiative_id)
        ).all()
        withdrawn_now = [p for p in pieces if p.withdrawn_at is not None]
        assert [p.withdrawal_reason for p in withdrawn_now] == ["Fel avtal"]
    assert problems == []
