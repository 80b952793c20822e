"""A real browser (Debian's Chromium through Playwright): one gate, by mouse and keyboard."""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from app import migrate, services
from app.config import Settings
from app.db import make_engine, make_sessionmaker
from app.domain.permissions import Role
from app.main import create_app
from app.phases import Phase, get_model
from tests.conftest import IN_CI, PASSWORD, make_user

playwright_api = pytest.importorskip("playwright.sync_api")
CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, int]]:
    url = f"sqlite:///{tmp_path / 'browser.db'}"
    migrate.upgrade(url)
    engine = make_engine(url)
    with make_sessionmaker(engine)() as session:
        support = make_user(session, "stod@example.se", Role.SUPPORT, "Sara Stöd")
        make_user(session, "ledare@example.se", Role.LEADERSHIP, "Lars Ledare")
        initiative = services.create_initiative(
            session, actor=support, name="Drönarnoden", region="Östergötland"
        )
        services.add_member(
            session, actor=support, initiative_id=initiative.id, email="ledare@example.se"
        )
        initiative_id = initiative.id
    settings = Settings(
        database_url=url, secret_key="browser", secure_cookies=False, session_max_age=600
    )
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}", initiative_id
    server.should_exit = True
    thread.join(timeout=10)
    engine.dispose()


@pytest.fixture
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        if IN_CI:
            pytest.fail("Debian's chromium is required in CI (.ci/run installs it)")
        pytest.skip("no /usr/bin/chromium: apt-get install chromium")
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


def _login(page: object, base: str, email: str) -> None:
    page.goto(f"{base}/login")  # type: ignore[attr-defined]
    page.get_by_label("E-post").fill(email)  # type: ignore[attr-defined]
    page.get_by_label("Lösenord").fill(PASSWORD)  # type: ignore[attr-defined]
    page.get_by_role("button", name="Logga in").click()  # type: ignore[attr-defined]
    page.wait_for_url(re.compile(r"/initiatives$"))  # type: ignore[attr-defined]


def _tab_to(page: object, element_id: str) -> None:
    # By id, not by element handle: a save may swap the item in between.
    for _ in range(8):
        if page.evaluate("id => document.activeElement.id === id", element_id):  # type: ignore[attr-defined]
            return
        page.keyboard.press("Tab")  # type: ignore[attr-defined]
    raise AssertionError(f"Tab never reached #{element_id}")


def _tick_with_keyboard(page: object, row: object, key: str) -> None:
    """Tick one item with the keyboard alone: arrows, Tab, typing and Enter."""
    expect = playwright_api.expect
    anchor = "item-" + key.replace(".", "-")
    row.get_by_role("radio", name="Öppen").focus()  # type: ignore[attr-defined]
    page.keyboard.press("ArrowRight")  # type: ignore[attr-defined]
    expect(row.locator(".item-error")).to_be_visible()  # type: ignore[attr-defined]
    _tab_to(page, f"{anchor}-note")
    page.keyboard.type(f"Underlag för {key}")  # type: ignore[attr-defined]
    _tab_to(page, f"{anchor}-save")
    page.keyboard.press("Enter")  # type: ignore[attr-defined]


def test_leadership_ticks_the_results_and_support_advances(
    server: tuple[str, int], browser: object, tmp_path: Path
) -> None:
    expect = playwright_api.expect
    base, initiative_id = server
    required = get_model().required_items(Phase.STARTING_POINT)
    problems: list[str] = []

    def watch(message: object) -> None:
        # A refused tick answers 422 by design; anything else (a CSP violation,
        # a script error) is a problem.
        text = message.text  # type: ignore[attr-defined]
        if message.type == "error" and "status of 422" not in text:  # type: ignore[attr-defined]
            problems.append(text)

    leader = browser.new_context(locale="sv-SE")  # type: ignore[attr-defined]
    page = leader.new_page()
    page.on("console", watch)
    _login(page, base, "ledare@example.se")
    page.get_by_role("link", name="Drönarnoden").click()
    gate = page.locator("#gate-panel")
    expect(gate.locator(".missing-list li")).to_have_count(len(required))
    advance_url = page.url

    for done, item in enumerate(required, start=1):
        row = page.locator(f"#item-{item.key.replace('.', '-')}")
        if done == len(required):
            _tick_with_keyboard(page, row, item.key)
        else:
            # Ticking done without evidence is refused in place, and nothing is lost.
            row.locator("label.choice-done").click()  # the segmented control is a styled label
            expect(row.locator(".item-error")).to_be_visible()
            row.get_by_label("Anteckning").fill(f"Underlag för {item.key}")
            row.get_by_role("button", name="Spara").click()
        expect(row).to_have_class(re.compile(r"\bitem-done\b"))
        expect(gate.locator(".missing-list li")).to_have_count(len(required) - done)
    expect(gate.locator(".gate-badge.gate-open")).to_be_visible()
    assert page.url == advance_url  # every tick saved without a page load
    # caret="initial": Playwright's caret-hiding <style> would trip our own CSP.
    page.screenshot(path=str(tmp_path / "gate-open.png"), full_page=True, caret="initial")

    support = browser.new_context(locale="sv-SE")  # type: ignore[attr-defined]
    officer = support.new_page()
    officer.on("console", watch)
    _login(officer, base, "stod@example.se")
    officer.goto(f"{base}/initiatives/{initiative_id}")
    officer.get_by_role("button", name=re.compile("Gå vidare")).click()
    expect(officer.locator(".page-head .phase-pill")).to_have_text("Initiering")
    expect(officer.locator(".timeline-entry")).to_have_count(1)
    assert problems == []


def test_text_typed_while_a_save_is_in_flight_is_kept_and_saved(
    server: tuple[str, int], browser: object
) -> None:
    expect = playwright_api.expect
    base, initiative_id = server
    item = get_model().required_items(Phase.STARTING_POINT)[0]
    anchor = "item-" + item.key.replace(".", "-")
    held: list[object] = []

    page = browser.new_context(locale="sv-SE").new_page()  # type: ignore[attr-defined]
    _login(page, base, "ledare@example.se")
    page.goto(f"{base}/initiatives/{initiative_id}")
    page.route("**/items/**", lambda route: held.append(route))
    row = page.locator(f"#{anchor}")
    row.locator("summary").click()
    row.get_by_label("Anteckning").fill("Protokoll från styrgruppen")
    _tab_to(page, f"{anchor}-link")  # leaving the note saves it; that save is held
    page.keyboard.type("https://example.se/protokoll")
    while not held:
        page.wait_for_timeout(20)
    held.pop().continue_()  # type: ignore[attr-defined]
    page.unroute("**/items/**")
    expect(row.locator(".item-meta")).to_be_visible()  # the held save has landed
    expect(row.get_by_label("Länk till dokument")).to_have_value("https://example.se/protokoll")
    page.keyboard.press("Tab")  # leaving the link saves it too
    page.wait_for_load_state("networkidle")

    page.reload()
    expect(row.get_by_label("Anteckning")).to_have_value("Protokoll från styrgruppen")
    expect(row.get_by_label("Länk till dokument")).to_have_value("https://example.se/protokoll")
