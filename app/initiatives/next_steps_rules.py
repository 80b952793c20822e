"""What the process leadership does next on an initiative: the first panel of its page.
Pure: it shapes what the page has already read (items, evidence, conditions, reviews)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from app.domain.evidence import Piece
from app.domain.items import Standing
from app.domain.permissions import Role
from app.phases import Phase

EVIDENCE_WINDOW_DAYS = 30  # as far ahead as the work list looks
SHOWN_AT_MOST = 5  # per list: the gate panel lists every missing item, this panel the first


class Audience(StrEnum):
    GROUP = "group"  # the process-leadership group: the panel open, first on the page
    SUPPORT = "support"  # support officers and admins: the same panel, folded


def audience(role: Role, *, is_member: bool) -> Audience | None:
    """Funders read; they have nothing to do next."""
    if role is Role.LEADERSHIP and is_member:
        return Audience.GROUP
    if role in (Role.SUPPORT, Role.ADMIN):
        return Audience.SUPPORT
    return None


@dataclass(frozen=True, slots=True)
class OpenCondition:
    condition_id: int
    review_id: int
    text: str
    owner: str
    due_on: date
    days_left: int  # negative once overdue

    @property
    def overdue(self) -> bool:
        return self.days_left < 0


@dataclass(frozen=True, slots=True)
class Renewal:
    """An item whose evidence has run out (`days_left` < 0) or runs out within the window."""

    key: str
    expires_on: date  # the last day the evidence is in force
    days_left: int

    @property
    def expired(self) -> bool:
        return self.days_left < 0


@dataclass(frozen=True, slots=True)
class WaitingReview:
    review_id: int
    requested_on: date
    days: int


@dataclass(frozen=True, slots=True)
class NextSteps:
    audience: Audience
    missing: tuple[tuple[str, str], ...]  # (key, standing) of the required items not in place
    conditions: tuple[OpenCondition, ...]
    renewals: tuple[Renewal, ...]
    review: WaitingReview | None
    gate_open: bool
    next_phase: Phase | None
    shown: int = SHOWN_AT_MOST

    @property
    def count(self) -> int:
        return len(self.missing) + len(self.conditions) + len(self.renewals)


def runs_out(pieces: Iterable[Piece], today: date) -> date | None:
    """The last day an item's evidence is in force, counting pieces that start later (a
    renewal already made); None when there is none, or a piece that never expires."""
    ends = [
        piece.expires_on
        for piece in pieces
        if not piece.withdrawn and (piece.expires_on is None or piece.expires_on >= today)
    ]
    if not ends or None in ends:
        return None
    return max(end for end in ends if end is not None)


def expired_on(pieces: Iterable[Piece], today: date) -> date | None:
    """The day the last expired piece ran out."""
    ends = [
        p.expires_on for p in pieces if not p.withdrawn and p.expires_on and p.expires_on < today
    ]
    return max(ends) if ends else None


def renewals(
    keys: Iterable[str],
    pieces: Mapping[str, Sequence[Piece]],
    standings: Mapping[str, str],
    today: date,
    *,
    skip: Iterable[str] = (),
) -> tuple[Renewal, ...]:
    """The items among `keys` whose evidence needs renewing, soonest first; `skip` (the
    missing items, which say so themselves) and items not applicable left out."""
    left_out = set(skip)
    until = today + timedelta(days=EVIDENCE_WINDOW_DAYS)
    found: list[Renewal] = []
    for key in keys:
        standing = standings.get(key)
        if key in left_out or standing == Standing.NOT_APPLICABLE:
            continue
        own = pieces.get(key, ())
        end = expired_on(own, today) if standing == Standing.NEEDS_RENEWAL else runs_out(own, today)
        if end is not None and end <= until:
            found.append(Renewal(key, end, (end - today).days))
    return tuple(sorted(found, key=lambda r: (r.expires_on, r.key)))


def open_conditions(
    conditions: Iterable[tuple[int, int, str, str, date]], today: date
) -> tuple[OpenCondition, ...]:
    """(id, review id, text, owner, due on) of the open conditions, soonest due first."""
    shaped = [OpenCondition(*row, days_left=(row[4] - today).days) for row in conditions]
    return tuple(sorted(shaped, key=lambda c: (c.due_on, c.condition_id)))


def waiting(review_id: int | None, requested_on: date | None, today: date) -> WaitingReview | None:
    if review_id is None or requested_on is None:
        return None
    return WaitingReview(review_id, requested_on, max(0, (today - requested_on).days))
