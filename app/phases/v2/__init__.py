"""klusterutveckling/2: v1 read again against the slides (issue 14).

Every change to v1 is listed here; keys stay, so an initiative's ticks carry over
when it moves (app/versions). Nothing is added or removed:

- four lead-in lines become headings over the items after them (shown, never ticked,
  never required, no evidence); their Swedish text stays word for word;
- "RTP" is the regional growth programme (regionalt tillväxtprogram), not a transport
  plan, in the three items that name it beside RUP;
- two English slips: "(med offentl./privat …)" keeps its "with", and "(vägledning"
  gains no closing bracket the Swedish lacks;
- the starting point's five items form their own checklist, Utgångspunkt, instead of
  being filed under Resultat; they stay required, so they still gate initiation.
"""

from __future__ import annotations

from dataclasses import replace

from app.phases.types import (
    Category,
    Checklist,
    Evidence,
    Item,
    Phase,
    PhaseModel,
    PhaseSpec,
    Text,
)
from app.phases.v1 import MODEL as V1

VERSION = "klusterutveckling/2"

HEADINGS: tuple[str, ...] = (
    "initiation.events.development_need",  # "…behov av att utveckla"
    "initiation.events.formalise_initiative",  # "…exempelvis genom att:"
    "initiation.support.intensive_effort",  # "…(vägledning"
    "sustainability.support.cluster_contact",  # "…handlar om att ha kontakt med klustren och:"
)

_REGIONAL_PROCESSES_EN = (
    "Influence regional processes for financing (RUP – the regional development programme; "
    "RTP – the regional growth programme; municipal development strategies, on the basis that "
    "the initiative is regarded as an “investment object”)"
)

# New English text by key; the Swedish original is never touched.
ENGLISH: dict[str, str] = {
    "establishment.support.regional_mandate": (
        "The cluster initiatives' mandates are written into the regional mandate "
        "(RUP – the regional development programme; RTP – the regional growth programme)"
    ),
    "sustainability.events.influence_regional_financing": _REGIONAL_PROCESSES_EN,
    "sustainability.results.regional_financing_influence": _REGIONAL_PROCESSES_EN,
    "initiation.events.leadership_group": (
        "Set up a process leadership group (with public/private – a civic entrepreneur)."
    ),
    "initiation.support.intensive_effort": (
        "The initiation phase often requires an intensive effort from all actors (guidance"
    ),
}

STARTING_POINT_TITLE = Text(sv="Utgångspunkt", en="Starting point")


def _revised(item: Item) -> Item:
    if item.key in ENGLISH:
        item = replace(item, text=Text(sv=item.text.sv, en=ENGLISH[item.key]))
    if item.key in HEADINGS:
        item = replace(item, heading=True, required=False, evidence=Evidence.NONE)
    if item.phase is Phase.STARTING_POINT:
        item = replace(item, category=Category.STARTING_POINT)
    return item


def _checklist(old: Checklist) -> Checklist:
    items = tuple(_revised(item) for item in old.items)
    if items and items[0].category is Category.STARTING_POINT:
        return Checklist(Category.STARTING_POINT, STARTING_POINT_TITLE, items)
    return replace(old, items=items)


def _build() -> PhaseModel:
    unknown = (set(HEADINGS) | set(ENGLISH)) - {item.key for item in V1.items}
    if unknown:
        raise ValueError(f"no such items in {V1.version}: {sorted(unknown)}")
    phases = tuple(
        PhaseSpec(spec.phase, spec.name, tuple(_checklist(c) for c in spec.checklists))
        for spec in V1.phases
    )
    return PhaseModel(version=VERSION, title=V1.title, source=V1.source, phases=phases)


MODEL = _build()
