"""Readiness as stored figures: per initiative and phase, what the portfolio, blocking
lists and analytics count, computed from the item states and their evidence. Pure.

Evidence expires with time, so the figures hold only up to a date: `renewal_due_on`
is the last day on which they are certainly right (the earliest day after which a
done item's evidence could expire or a future piece come into force). Readers
compare it with today in SQL and compute live for the few rows past it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, NamedTuple

from app.domain.items import SETTLED, ItemStatus
from app.phases import PHASE_ORDER, Category, Phase, PhaseModel


# Tuples, not frozen dataclasses: an item save makes one a state of its phase, and a
# tuple is made in half the time.
class StateFact(NamedTuple):
    key: str
    status: ItemStatus
    needs_confirmation: bool


class PieceFact(NamedTuple):
    key: str
    effective_on: date
    expires_on: date | None


@dataclass
class ChecklistCounts:
    done: int = 0
    open: int = 0
    required_open: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"done": self.done, "open": self.open, "required_open": self.required_open}


@dataclass
class PhaseFigures:
    """What is stored for one initiative and phase (a row of phase_readiness)."""

    phase: Phase
    done: int = 0
    open: int = 0
    required_total: int = 0
    required_open: int = 0
    needs_renewal: int = 0
    needs_confirmation: int = 0
    renewal_due_on: date | None = None
    checklists: dict[Category, ChecklistCounts] = field(default_factory=dict)

    @property
    def readiness(self) -> float:
        """Percent of the gate's required items settled; a gate without any is 100 %."""
        if self.required_total == 0:
            return 100.0
        return (self.required_total - self.required_open) * 100.0 / self.required_total

    def row(self) -> dict[str, object]:
        return {
            "phase": self.phase,
            "done": self.done,
            "open": self.open,
            "required_total": self.required_total,
            "required_open": self.required_open,
            "needs_renewal": self.needs_renewal,
            "needs_confirmation": self.needs_confirmation,
            "readiness": self.readiness,
            "renewal_due_on": self.renewal_due_on,
            "checklists": {c.value: n.as_dict() for c, n in self.checklists.items()},
        }


def _in_force(piece: PieceFact, today: date) -> bool:
    return piece.effective_on <= today and (piece.expires_on is None or piece.expires_on >= today)


def _change_days(pieces: Iterable[PieceFact], today: date) -> list[date]:
    """The last days before any of these pieces changes whether it is in force."""
    days = []
    for piece in pieces:
        if piece.effective_on > today:
            days.append(piece.effective_on - timedelta(days=1))
        if piece.expires_on is not None and piece.expires_on >= today:
            days.append(piece.expires_on)
    return days


def figures(
    model: PhaseModel,
    states: Iterable[StateFact],
    pieces: Iterable[PieceFact],
    today: date,
    phases: Iterable[Phase] = PHASE_ORDER,
) -> list[PhaseFigures]:
    """One PhaseFigures per phase of the model (or of `phases`, in the model's order), as
    `domain.items.standing` sees each item on `today` (an item without a state row is
    open; withdrawn pieces are left out)."""
    by_key = {s.key: s for s in states}
    evidence: dict[str, list[PieceFact]] = {}
    for piece in pieces:
        evidence.setdefault(piece.key, []).append(piece)
    found = []
    wanted = set(phases)
    for phase in (p for p in PHASE_ORDER if p in wanted):
        spec = model.phase(phase)
        result = PhaseFigures(phase)
        due: list[date] = []
        for checklist in spec.checklists if spec else ():
            counts = result.checklists.setdefault(checklist.category, ChecklistCounts())
            for item in checklist.tickable:
                state = by_key.get(item.key)
                status = state.status if state else ItemStatus.OPEN
                confirm = bool(state and state.needs_confirmation and status in SETTLED)
                mine = evidence.get(item.key, [])
                expired = any(p.expires_on is not None and p.expires_on < today for p in mine)
                renewal = (
                    status is ItemStatus.DONE
                    and not confirm
                    and expired
                    and not any(_in_force(p, today) for p in mine)
                )
                settled = status in SETTLED and not confirm and not renewal
                if status is ItemStatus.DONE and not confirm:
                    due += _change_days(mine, today)
                result.needs_confirmation += confirm
                result.needs_renewal += renewal
                result.required_total += item.required
                if settled:
                    result.done += 1
                    counts.done += 1
                else:
                    result.open += 1
                    counts.open += 1
                    result.required_open += item.required
                    counts.required_open += item.required
        result.renewal_due_on = min(due) if due else None
        found.append(result)
    return found


def differences(stored: dict[Phase, dict[str, object]], fresh: list[PhaseFigures]) -> list[str]:
    """What differs between the stored rows of one initiative and a fresh computation."""
    problems = []
    want = {f.phase: f.row() for f in fresh}
    for phase in sorted(set(stored) | set(want), key=lambda p: p.value):
        have, should = stored.get(phase), want.get(phase)
        if have is None or should is None:
            problems.append(f"{phase.value}: {'missing' if have is None else 'unexpected'}")
            continue
        for name, value in should.items():
            if name != "phase" and have.get(name) != value:
                problems.append(f"{phase.value}.{name}: stored {have.get(name)!r}, is {value!r}")
    return problems


CATEGORIES = tuple(Category)  # iterating the enum itself costs a generator each time
CATEGORY_KEYS = tuple((c, c.value) for c in CATEGORIES)


def holds(checklists: Any, due: date | None, today: date) -> bool:
    """The stored figures of the current phase (a phase_readiness row's `checklists` and
    `renewal_due_on`) are there and hold on `today`."""
    return checklists is not None and (due is None or due >= today)


def progress(checklists: Any, due: date | None, today: date) -> dict[Category, tuple[int, int]]:
    """(settled, all) per checklist of the current phase, as stored; nothing where the
    stored figures do not hold (the caller counts those live:
    app.readiness.queries.live_figures)."""
    if not holds(checklists, due, today):
        return dict.fromkeys(CATEGORIES, (0, 0))
    found: dict[Category, tuple[int, int]] = {}
    for category, key in CATEGORY_KEYS:  # a loop, not two comprehensions: every row asks
        counts = checklists.get(key)
        done = counts.get("done", 0) if counts else 0
        found[category] = (done, done + counts.get("open", 0)) if counts else (0, 0)
    return found


def progress_of(figured: PhaseFigures) -> dict[Category, tuple[int, int]]:
    """(settled, all) per checklist, from figures counted live."""
    return {
        c: (n.done, n.done + n.open) if (n := figured.checklists.get(c)) else (0, 0)
        for c in CATEGORIES
    }
