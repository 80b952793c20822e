"""The lines of an initiative's readiness report (`templates/reports/initiative.html`):
plain data, built by initiative.py from the page's view or from the audit pack's export."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from app.domain.items import SETTLED_STANDINGS, Standing
from app.phases import Text


@dataclass(frozen=True, slots=True)
class EvidenceLine:
    kind: str
    name: str  # the file's name, the address or the statement
    note: str | None  # a note beside a file or a link
    effective_on: date
    expires_on: date | None
    sha256: str | None  # files only
    withdrawn: bool = False


@dataclass(frozen=True, slots=True)
class ItemLine:
    text: Text
    required: bool
    standing: str
    by: str | None = None
    at: datetime | None = None
    note: str | None = None
    link: str | None = None
    justification: str | None = None
    target_date: date | None = None
    evidence: tuple[EvidenceLine, ...] = ()
    heading: bool = False  # a lead-in line over the items after it: no status

    @property
    def settled(self) -> bool:
        return not self.heading and Standing(self.standing) in SETTLED_STANDINGS


@dataclass(frozen=True, slots=True)
class ChecklistPart:
    category: str
    title: Text
    items: tuple[ItemLine, ...]

    @property
    def settled(self) -> int:
        return sum(item.settled for item in self.items)

    @property
    def tickable(self) -> int:
        return sum(not item.heading for item in self.items)


@dataclass(frozen=True, slots=True)
class PhasePart:
    phase: str
    checklists: tuple[ChecklistPart, ...]


@dataclass(frozen=True, slots=True)
class ConditionLine:
    text: str
    owner: str
    due_on: date
    closed_at: datetime | None


@dataclass(frozen=True, slots=True)
class ReviewLine:
    phase: str
    outcome: str | None  # None while the decision is awaited
    by: str | None
    at: datetime | None
    rationale: str | None
    snapshot_sha256: str | None
    conditions: tuple[ConditionLine, ...]


@dataclass(frozen=True, slots=True)
class TransitionLine:
    at: datetime
    trigger: str
    from_phase: str
    to_phase: str
    by: str | None
    reason: str | None


@dataclass(frozen=True, slots=True)
class GateLine:
    allowed: bool
    missing: tuple[Text, ...]  # the required items not done
    open_conditions: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class InitiativeReport:
    name: str
    region: str
    sector: str | None
    model_version: str
    phase: str
    closed_from: str | None
    phase_entered_at: datetime | None
    as_of: date
    gate: GateLine
    phases: tuple[PhasePart, ...]  # every phase reached, the current one last
    reviews: tuple[ReviewLine, ...]
    transitions: tuple[TransitionLine, ...]
