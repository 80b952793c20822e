from __future__ import annotations

import pytest

from app.domain.items import InvalidItemUpdate, ItemStatus, ItemUpdate, validate_update
from app.phases import Category, Evidence, Item, Phase, Text

PLAIN = Item("pilot.events.x", Phase.PILOT, Category.EVENTS, Text("sv", "en"), False)
NEEDS_LINK = Item(
    "pilot.results.y", Phase.PILOT, Category.RESULTS, Text("sv", "en"), True, Evidence.LINK
)


def test_done_without_evidence_when_none_is_needed() -> None:
    assert validate_update(PLAIN, ItemUpdate(ItemStatus.DONE)).status is ItemStatus.DONE


@pytest.mark.parametrize(
    ("note", "link"), [("Beslut i styrgruppen 12/3", None), (None, "https://example.se/plan.pdf")]
)
def test_done_with_evidence_accepts_a_note_or_a_link(note: str | None, link: str | None) -> None:
    update = validate_update(NEEDS_LINK, ItemUpdate(ItemStatus.DONE, note=note, link=link))
    assert (update.note, update.link) == (note, link)


@pytest.mark.parametrize("blank", [None, "", "   "])
def test_done_without_evidence_is_refused(blank: str | None) -> None:
    with pytest.raises(InvalidItemUpdate) as error:
        validate_update(NEEDS_LINK, ItemUpdate(ItemStatus.DONE, note=blank, link=blank))
    assert error.value.field == "evidence"


def test_not_applicable_needs_a_justification() -> None:
    with pytest.raises(InvalidItemUpdate) as error:
        validate_update(PLAIN, ItemUpdate(ItemStatus.NOT_APPLICABLE, justification="  "))
    assert error.value.field == "justification"
    ok = validate_update(
        PLAIN, ItemUpdate(ItemStatus.NOT_APPLICABLE, justification=" Ej aktuellt ")
    )
    assert ok.justification == "Ej aktuellt"


def test_justification_is_dropped_unless_not_applicable() -> None:
    assert (
        validate_update(PLAIN, ItemUpdate(ItemStatus.OPEN, justification="x")).justification is None
    )


@pytest.mark.parametrize(
    "link",
    [
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        "data:text/html,<script>",
        "ftp://example.se/x",
        "file:///etc/passwd",
        "example.se/plan",
        "https://",
        "https://exa mple.se",
        "//example.se/x",
    ],
)
def test_links_must_be_http_urls(link: str) -> None:
    with pytest.raises(InvalidItemUpdate) as error:
        validate_update(PLAIN, ItemUpdate(ItemStatus.OPEN, link=link))
    assert error.value.field == "link"


def test_overlong_text_is_refused() -> None:
    with pytest.raises(InvalidItemUpdate):
        validate_update(PLAIN, ItemUpdate(ItemStatus.OPEN, note="x" * 4001))
