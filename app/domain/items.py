"""Rules for changing the state of one checklist item. Pure: no I/O."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any
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


class Standing(StrEnum):
    """Where an item stands today: its stored status, corrected for time and re-entry."""

    OPEN = "open"
    DONE = "done"
    NOT_APPLICABLE = "not_applicable"
    NEEDS_RENEWAL = "needs_renewal"  # done, but its evidence has expired
    NEEDS_CONFIRMATION = "needs_confirmation"  # ticked before the phase was re-entered


SETTLED_STANDINGS = frozenset({Standing.DONE, Standing.NOT_APPLICABLE})


def standing(
    status: ItemStatus, *, needs_confirmation: bool = False, evidence_expired: bool = False
) -> Standing:
    """`evidence_expired`: the item has expired evidence and no current piece."""
    if status is ItemStatus.OPEN:
        return Standing.OPEN
    if needs_confirmation:
        return Standing.NEEDS_CONFIRMATION
    if status is ItemStatus.DONE and evidence_expired:
        return Standing.NEEDS_RENEWAL
    return Standing(status.value)


class InvalidItemUpdate(ValueError):
    def __init__(self, field: str, message: str, code: str, **params: object) -> None:
        super().__init__(message)
        self.field = field
        self.message = message
        self.code = code  # a stable name of the reason (app/messages.py)
        self.params = params


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


def unchanged(stored: Any, update: ItemUpdate) -> bool:
    """Whether `update` leaves the stored state (anything with status, note, link and
    justification) as it is, blanks and surrounding spaces aside."""
    return (
        stored.status is update.status
        and _clean(stored.note) == _clean(update.note)
        and _clean(stored.link) == _clean(update.link)
        and _clean(stored.justification) == _clean(update.justification)
    )


def is_http_url(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in {"http", "https"} and bool(parts.netloc) and " " not in value


def validate_update(
    item: Item, update: ItemUpdate, *, has_current_evidence: bool = False
) -> ItemUpdate:
    """Return the update with blanks trimmed to None, or raise InvalidItemUpdate.

    `has_current_evidence`: the item carries a piece of evidence in force today.
    """
    if item.heading:
        raise InvalidItemUpdate(
            "status",
            "This line is a heading over the items after it: it is never ticked.",
            "heading_not_tickable",
        )
    note = _clean(update.note)
    link = _clean(update.link)
    justification = _clean(update.justification)
    if note is not None and len(note) > NOTE_MAX:
        raise InvalidItemUpdate(
            "note", f"The note is longer than {NOTE_MAX} characters.", "too_long", limit=NOTE_MAX
        )
    if link is not None:
        if len(link) > LINK_MAX:
            raise InvalidItemUpdate(
                "link",
                f"The link is longer than {LINK_MAX} characters.",
                "too_long",
                limit=LINK_MAX,
            )
        if not is_http_url(link):
            raise InvalidItemUpdate(
                "link",
                "The link must be a web address that starts with http:// or https://.",
                "invalid_url",
            )
    if justification is not None and len(justification) > JUSTIFICATION_MAX:
        raise InvalidItemUpdate(
            "justification",
            f"The justification is longer than {JUSTIFICATION_MAX} characters.",
            "too_long",
            limit=JUSTIFICATION_MAX,
        )
    if update.status is ItemStatus.NOT_APPLICABLE and justification is None:
        raise InvalidItemUpdate(
            "justification",
            "Marking an item as not applicable needs a justification.",
            "justification_required",
        )
    if (
        update.status is ItemStatus.DONE
        and item.evidence is not Evidence.NONE
        and note is None
        and link is None
        and not has_current_evidence
    ):
        raise InvalidItemUpdate(
            "evidence",
            "This item needs evidence before it can be done: add a note, a link or a document.",
            "evidence_required",
        )
    if update.status is not ItemStatus.NOT_APPLICABLE:
        justification = None
    return ItemUpdate(update.status, note, link, justification)
