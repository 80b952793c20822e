"""Rules for changing the state of one checklist item. Pure: no I/O."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import urlsplit

from app.phases import Evidence, Item

NOTE_MAX = 4000
LINK_MAX = 2000
JUSTIFICATION_MAX = 2000


class ItemStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    NOT_APPLICABLE = "not_applicable"


# Items in these states no longer block a gate.
SETTLED = frozenset({ItemStatus.DONE, ItemStatus.NOT_APPLICABLE})


class InvalidItemUpdate(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True, slots=True)
class ItemUpdate:
    status: ItemStatus
    note: str | None = None
    link: str | None = None
    justification: str | None = None


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    return value or None


def is_http_url(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in {"http", "https"} and bool(parts.netloc) and " " not in value


def validate_update(item: Item, update: ItemUpdate) -> ItemUpdate:
    """Return the update with blanks trimmed to None, or raise InvalidItemUpdate."""
    note = _clean(update.note)
    link = _clean(update.link)
    justification = _clean(update.justification)
    if note is not None and len(note) > NOTE_MAX:
        raise InvalidItemUpdate("note", f"The note is longer than {NOTE_MAX} characters.")
    if link is not None:
        if len(link) > LINK_MAX:
            raise InvalidItemUpdate("link", f"The link is longer than {LINK_MAX} characters.")
        if not is_http_url(link):
            raise InvalidItemUpdate(
                "link", "The link must be a web address that starts with http:// or https://."
            )
    if justification is not None and len(justification) > JUSTIFICATION_MAX:
        raise InvalidItemUpdate(
            "justification", f"The justification is longer than {JUSTIFICATION_MAX} characters."
        )
    if update.status is ItemStatus.NOT_APPLICABLE and justification is None:
        raise InvalidItemUpdate(
            "justification", "Marking an item as not applicable needs a justification."
        )
    if (
        update.status is ItemStatus.DONE
        and item.evidence is not Evidence.NONE
        and note is None
        and link is None
    ):
        raise InvalidItemUpdate(
            "evidence", "This item needs evidence before it can be done: add a note or a link."
        )
    if update.status is not ItemStatus.NOT_APPLICABLE:
        justification = None
    return ItemUpdate(update.status, note, link, justification)
