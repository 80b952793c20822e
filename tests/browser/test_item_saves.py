"""No lost input: every change on an item is saved, in order, whatever the timing of typing,
clicking and the network; the database is checked afterwards."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from playwright.sync_api import (
    Browser,
    ConsoleMessage,
    Locator,
    Page,
    Request,
    Response,
    Route,
    expect,
)
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from app.db import make_engine
from app.models.evidence import Evidence
from app.models.initiatives import ItemState
from app.phases import Item, Phase, get_model
from tests.browser.helpers import log_in

pytestmark = pytest.mark.browser
ITEMS = get_model().required_items(Phase.STARTING_POINT)  # each needs evidence to be done
REFUSED = "the server responded with a status of 422"  # Done without evidence, by design


@pytest.fixture
def database(server: tuple[str, int], tmp_path: Path) -> Iterator[Engine]:
    """The live server's own database (the server fixture copies it into tmp_path)."""
    engine = make_engine(f"sqlite:///{tmp_path / 'browser.db'}")
    yield engine
    engine.dispose()


def _stored(engine: Engine, initiative_id: int, key: str) -> tuple[ItemState, list[Evidence]]:
    with Session(engine) as session:
        state = session.scalars(
            select(ItemState).where(
                ItemState.initiative_id == initiative_id, ItemState.item_key == key
            )
        ).one()
        pieces = session.scalars(
            select(Evidence).where(
                Evidence.initiative_id == initiative_id, Evidence.item_key == key
            )
        ).all()
        return state, list(pieces)


def _anchor(item: Item) -> str:
    return "item-" + item.key.replace(".", "-")


def _saves(item: Item, status: str | None = None) -> Callable[[Response], bool]:
    """A response to a save of `item` (that sent `status`, if given)."""

    def match(response: Response) -> bool:
        request = response.request
        if request.method != "POST" or not request.url.endswith(f"/items/{item.key}"):
            return False
        return status is None or _sent(request).get("status") == status

    return match


def _sent(request: Request) -> dict[str, str]:
    """The fields a save sent: urlencoded with no document chosen (app.js), else multipart."""
    body = request.post_data or ""
    if request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
        return {name: values[0] for name, values in parse_qs(body).items()}
    return dict(re.findall(r'name="([^"]+)"\r\n\r\n([^\r]*)\r\n', body))


def _open(page: Page, item: Item) -> Locator:
    """Open the item's line; its form is fetched in place."""
    row = page.locator(f"#{_anchor(item)}")
    with page.expect_response(lambda r: r.url.endswith(f"/items/{item.key}")):
        row.locator("summary").click()
    expect(row.locator("form.item-form")).to_be_attached()
    return row


@pytest.fixture
def leader(server: tuple[str, int], browser: Browser) -> Iterator[tuple[Page, list[str]]]:
    base, initiative_id = server
    problems: list[str] = []

    def watch(message: ConsoleMessage) -> None:
        if message.type == "error" and REFUSED not in message.text:
            problems.append(message.text)

    context = browser.new_context(locale="sv-SE", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.on("console", watch)
    page.on("pageerror", lambda error: problems.append(str(error)))
    log_in(page, base, "ledare@example.se")
    page.goto(f"{base}/initiatives/{initiative_id}")
    yield page, problems
    context.close()


def test_a_note_typed_then_done_saves_both(
    server: tuple[str, int], leader: tuple[Page, list[str]], database: Engine
) -> None:
    """The reported case: a note typed, then Klar clicked. Both land, the note first."""
    _, initiative_id = server
    page, problems = leader
    item = ITEMS[0]
    row = _open(page, item)
    row.get_by_label("Anteckning", exact=True).fill("Protokoll från styrgruppen")
    with page.expect_response(_saves(item, "done")) as saved:
        row.locator("label.choice-done").click()
    assert saved.value.ok
    form = "application/x-www-form-urlencoded"  # no document chosen (app.js)
    assert saved.value.request.headers["content-type"].startswith(form)
    assert _sent(saved.value.request)["evidence_note"] == "Protokoll från styrgruppen"
    expect(row).to_have_class(re.compile(r"\bitem-done\b"))
    expect(row.locator(".piece-list")).to_contain_text("Protokoll från styrgruppen")
    expect(row.get_by_label("Anteckning", exact=True)).to_have_value("")  # added, not pending
    state, pieces = _stored(database, initiative_id, item.key)
    assert state.status.value == "done"
    assert [p.note for p in pieces] == ["Protokoll från styrgruppen"]
    assert problems == []


def test_done_then_a_note_saves_both(
    server: tuple[str, int], leader: tuple[Page, list[str]], database: Engine
) -> None:
    """Klar first (refused: no evidence yet, and the choice is kept), then the note."""
    _, initiative_id = server
    page, problems = leader
    item = ITEMS[1]
    row = _open(page, item)
    with page.expect_response(_saves(item, "done")) as refused:
        row.locator("label.choice-done").click()
    assert refused.value.status == 422
    expect(row.locator(".item-error")).to_be_visible()
    expect(row.get_by_role("radio", name="Klar")).to_be_checked()  # the tick is kept
    row.get_by_label("Anteckning", exact=True).fill("Avsiktsförklaring från tre företag")
    with page.expect_response(_saves(item, "done")) as saved:
        page.keyboard.press("Tab")  # leaving the note sends it, with the tick waiting for it
    assert saved.value.ok
    expect(row).to_have_class(re.compile(r"\bitem-done\b"))
    expect(row.locator(".item-error")).to_have_count(0)
    state, pieces = _stored(database, initiative_id, item.key)
    assert state.status.value == "done"
    assert [p.note for p in pieces] == ["Avsiktsförklaring från tre företag"]
    assert problems == []


def test_two_quick_status_changes_end_at_the_last(
    server: tuple[str, int], leader: tuple[Page, list[str]], database: Engine
) -> None:
    """Klar, then Öppen at once: the second save waits for the first and wins."""
    _, initiative_id = server
    page, problems = leader
    item = ITEMS[2]
    row = _open(page, item)
    row.get_by_label("Anteckning", exact=True).fill("Fem eldsjälar")
    with page.expect_response(_saves(item, "open")) as last:
        row.locator("label.choice-done").click()
        row.locator("label.choice-open").click()
    assert last.value.ok
    expect(row).to_have_class(re.compile(r"\bitem-open\b"))
    expect(row.get_by_role("radio", name="Öppen")).to_be_checked()
    expect(page.locator("form.item-form[data-saving]")).to_have_count(0)
    state, pieces = _stored(database, initiative_id, item.key)
    assert state.status.value == "open"  # the last change, not the first
    assert state.updated_at is not None  # ...and it was saved after the tick
    assert [p.note for p in pieces] == ["Fem eldsjälar"]  # added with the tick, once
    assert problems == []


def test_a_plain_save_is_answered_with_what_changed_and_the_form_stays(
    server: tuple[str, int], leader: tuple[Page, list[str]], database: Engine
) -> None:
    """A save with nothing added or refused is answered with the item's line, who changed it
    and its status (app/web/pages/items.py): the form stays as the user left it."""
    _, initiative_id = server
    page, problems = leader
    item = ITEMS[3]
    row = _open(page, item)
    expect(row.locator(".item-changed")).to_be_hidden()  # nobody has changed it yet
    with page.expect_response(_saves(item, "not_applicable")) as refused:
        row.locator("label.choice-not_applicable").click()  # a justification is asked for
    assert refused.value.status == 422 and "item-form" in refused.value.text()
    row.get_by_label("Motivering (när punkten inte är tillämplig)").fill("Gäller inte oss")
    form = row.locator("form.item-form")
    form.evaluate("f => { f.dataset.kept = 'yes'; }")  # the same element afterwards?
    with page.expect_response(_saves(item, "not_applicable")) as saved:
        page.keyboard.press("Tab")
    assert saved.value.ok
    answer = saved.value.text()
    assert 'class="item-slim"' in answer and "item-form" not in answer
    expect(row).to_have_class(re.compile(r"\bitem-not_applicable\b"))
    expect(row.locator(".item-changed")).to_be_visible()
    expect(row.locator(".item-changed")).to_contain_text("Ändrad av")
    expect(form).to_have_attribute("data-kept", "yes")
    expect(form).to_have_attribute("data-status", "not_applicable")
    expect(row.get_by_label("Motivering (när punkten inte är tillämplig)")).to_have_value(
        "Gäller inte oss"
    )
    state, _ = _stored(database, initiative_id, item.key)
    assert (state.status.value, state.justification) == ("not_applicable", "Gäller inte oss")
    assert problems == []


def test_changes_made_while_a_slow_save_is_held_are_kept_and_saved(
    server: tuple[str, int], leader: tuple[Page, list[str]], database: Engine
) -> None:
    """The server is slow (the first save is held): the user goes on, picks Ej tillämplig and
    writes why. Nothing typed is overwritten by the late answer, and all of it is saved."""
    _, initiative_id = server
    page, problems = leader
    item = ITEMS[3]
    row = _open(page, item)
    held: list[Route] = []
    page.route(f"**/items/{item.key}", lambda route: held.append(route), times=1)
    row.get_by_label("Anteckning", exact=True).fill("Nätverket har 40 företag")
    row.locator("label.choice-done").click()
    expect(page.locator("form.item-form[data-saving]")).to_have_count(1)
    for _ in range(100):  # the route handler runs as Playwright dispatches events
        if held:
            break
        page.wait_for_timeout(50)
    assert len(held) == 1
    # Meanwhile: another status and its justification, typed in full.
    row.locator("label.choice-not_applicable").click()
    justification = row.get_by_label("Motivering (när punkten inte är tillämplig)")
    justification.fill("Nätverket ägs av regionen, inte av initiativet")
    justification.press("Tab")
    with page.expect_response(_saves(item, "not_applicable")) as last:
        held[0].continue_()
    assert last.value.ok
    expect(page.locator("form.item-form[data-saving]")).to_have_count(0)
    expect(row).to_have_class(re.compile(r"\bitem-not_applicable\b"))
    expect(row.get_by_role("radio", name="Ej tillämplig")).to_be_checked()
    expect(row.get_by_label("Motivering (när punkten inte är tillämplig)")).to_have_value(
        "Nätverket ägs av regionen, inte av initiativet"
    )
    state, pieces = _stored(database, initiative_id, item.key)
    assert state.status.value == "not_applicable"
    assert state.justification == "Nätverket ägs av regionen, inte av initiativet"
    assert [p.note for p in pieces] == ["Nätverket har 40 företag"]  # the held save's piece
    page.reload()
    row = _open(page, item)
    expect(row.get_by_role("radio", name="Ej tillämplig")).to_be_checked()
    assert problems == []


def test_without_javascript_an_item_opens_and_saves_all_the_same(
    server: tuple[str, int], browser: Browser, database: Engine
) -> None:
    base, initiative_id = server
    context = browser.new_context(locale="sv-SE", java_script_enabled=False)
    page = context.new_page()
    log_in(page, base, "ledare@example.se")
    page.goto(f"{base}/initiatives/{initiative_id}")
    item = ITEMS[4]
    row = page.locator(f"#{_anchor(item)}")
    row.locator("summary").click()  # the line opens natively: a link to the item open
    row.get_by_role("link", name="Öppna punkten").click()
    page.wait_for_url(re.compile(rf"\?open={re.escape(item.key)}$"))
    expect(row.locator("summary")).to_be_focused()  # in view, where the user was
    row.get_by_label("Anteckning", exact=True).fill("Brev från högskolan")
    row.locator("label.choice-done").click()
    row.get_by_role("button", name="Spara").click()
    page.wait_for_url(re.compile(rf"\?open={re.escape(item.key)}#{_anchor(item)}$"))
    expect(row).to_have_class(re.compile(r"\bitem-done\b"))
    state, pieces = _stored(database, initiative_id, item.key)
    assert state.status.value == "done"
    assert [p.note for p in pieces] == ["Brev från högskolan"]
    context.close()
