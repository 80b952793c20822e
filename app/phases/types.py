"""The vocabulary of the phase model: frozen data, no behaviour beyond look-ups."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Phase(StrEnum):
    STARTING_POINT = "starting_point"
    INITIATION = "initiation"
    PILOT = "pilot"
    ESTABLISHMENT = "establishment"
    SUSTAINABILITY = "sustainability"
    CLOSED = "closed"


# The phases an initiative works through, in order; `closed` stands outside the line.
PHASE_ORDER: tuple[Phase, ...] = (
    Phase.STARTING_POINT,
    Phase.INITIATION,
    Phase.PILOT,
    Phase.ESTABLISHMENT,
    Phase.SUSTAINABILITY,
)


class Category(StrEnum):
    # klusterutveckling/2 gives the starting point its own checklist; v1 files its
    # five items under RESULTS.
    STARTING_POINT = "starting_point"  # Utgångspunkt
    EVENTS = "events"  # Händelser
    SUPPORT = "support"  # Processtöd
    RESULTS = "results"  # Resultat
    LEADERSHIP = "leadership"  # Processledning


CATEGORY_ORDER: tuple[Category, ...] = (
    Category.STARTING_POINT,
    Category.EVENTS,
    Category.SUPPORT,
    Category.RESULTS,
    Category.LEADERSHIP,
)


class Evidence(StrEnum):
    NONE = "none"
    NOTE = "note"
    LINK = "link"  # a link to a document or a web page


@dataclass(frozen=True, slots=True)
class Text:
    sv: str
    en: str

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.sv


@dataclass(frozen=True, slots=True)
class Item:
    key: str
    phase: Phase
    category: Category
    text: Text
    required: bool
    evidence: Evidence = Evidence.NONE
    # A lead-in line of the slide ("…exempelvis genom att:"): shown above the items after
    # it, never ticked, never required, asking for no evidence.
    heading: bool = False

    def __post_init__(self) -> None:
        if self.heading and (self.required or self.evidence is not Evidence.NONE):
            raise ValueError(f"heading {self.key!r} can be neither required nor need evidence")


@dataclass(frozen=True, slots=True)
class Checklist:
    category: Category
    title: Text  # the slide's own heading, e.g. "Resultat i pilotfasen"
    items: tuple[Item, ...]  # headings included, in slide order
    # The items that can be ticked: everything but the headings. Kept, not a property:
    # every item save counts the phase's checklists through it (app.readiness.rules).
    tickable: tuple[Item, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "tickable", tuple(i for i in self.items if not i.heading))

    def groups(self) -> tuple[tuple[Item | None, tuple[Item, ...]], ...]:
        """(heading, the items after it up to the next heading); the first heading is None
        when the checklist starts with items."""
        groups: list[tuple[Item | None, list[Item]]] = []
        for item in self.items:
            if item.heading:
                groups.append((item, []))
            elif groups:
                groups[-1][1].append(item)
            else:
                groups.append((None, [item]))
        return tuple((heading, tuple(items)) for heading, items in groups)


@dataclass(frozen=True, slots=True)
class PhaseSpec:
    phase: Phase
    name: Text
    checklists: tuple[Checklist, ...]

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(item for checklist in self.checklists for item in checklist.items)

    def checklist(self, category: Category) -> Checklist | None:
        return next((c for c in self.checklists if c.category == category), None)


@dataclass(frozen=True)
class PhaseModel:
    version: str
    title: Text
    source: str
    phases: tuple[PhaseSpec, ...]
    _by_key: dict[str, Item] = field(init=False, repr=False, compare=False)
    _by_phase: dict[Phase, PhaseSpec] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_key: dict[str, Item] = {}
        for spec in self.phases:
            for item in spec.items:
                if item.key in by_key:
                    raise ValueError(f"duplicate item key {item.key!r} in {self.version}")
                if item.phase != spec.phase:
                    raise ValueError(f"item {item.key!r} is filed under the wrong phase")
                by_key[item.key] = item
        object.__setattr__(self, "_by_key", by_key)
        object.__setattr__(self, "_by_phase", {spec.phase: spec for spec in self.phases})

    @property
    def items(self) -> tuple[Item, ...]:
        """Every item, headings included (an item state may exist for each)."""
        return tuple(self._by_key.values())

    @property
    def tickable_items(self) -> tuple[Item, ...]:
        return tuple(item for item in self._by_key.values() if not item.heading)

    @property
    def headings(self) -> tuple[Item, ...]:
        return tuple(item for item in self._by_key.values() if item.heading)

    def item(self, key: str) -> Item | None:
        return self._by_key.get(key)

    def phase(self, phase: Phase) -> PhaseSpec | None:
        return self._by_phase.get(phase)

    def required_items(self, phase: Phase) -> tuple[Item, ...]:
        spec = self._by_phase.get(phase)
        return tuple(i for i in spec.items if i.required) if spec else ()
