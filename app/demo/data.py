"""The demo portfolio as data: people, initiatives and the situations they show."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from app.domain.permissions import Role
from app.phases import Phase

DEMO_USERS: list[tuple[str, str, Role, str]] = [
    ("admin@klusterfas.demo", "Ada Admin", Role.ADMIN, "demo-admin-2026"),
    ("stod@klusterfas.demo", "Sara Stödfunktion", Role.SUPPORT, "demo-support-2026"),
    ("ledning@klusterfas.demo", "Lars Processledare", Role.LEADERSHIP, "demo-leadership-2026"),
    ("ledning2@klusterfas.demo", "Maja Processledare", Role.LEADERSHIP, "demo-leadership-2026"),
    ("finansiar@klusterfas.demo", "Fredrik Finansiär", Role.FUNDER, "demo-funder-2026"),
]


# name, region, sector, target phase, share of the target phase's results done,
# leadership member, closing reason (if closed).
DEMO_INITIATIVES: list[tuple[str, str, str, Phase, float, str, str | None]] = [
    (
        "Sjuhärads textila innovationsnod",
        "Västra Götaland",
        "Textil",
        Phase.PILOT,
        0.6,
        "ledning@klusterfas.demo",
        None,
    ),
    (
        "Norrbottens rymdteknikkluster",
        "Norrbotten",
        "Rymd",
        Phase.INITIATION,
        0.5,
        "ledning@klusterfas.demo",
        None,
    ),
    (
        "Skånes livsmedelsarena",
        "Skåne",
        "Livsmedel",
        Phase.ESTABLISHMENT,
        0.3,
        "ledning2@klusterfas.demo",
        None,
    ),
    (
        "Värmlands skogsindustriella kluster",
        "Värmland",
        "Skog och papper",
        Phase.SUSTAINABILITY,
        0.7,
        "ledning2@klusterfas.demo",
        None,
    ),
    (
        "Gotlands besöksnäringsnätverk",
        "Gotland",
        "Besöksnäring",
        Phase.STARTING_POINT,
        0.4,
        "ledning@klusterfas.demo",
        None,
    ),
    (
        "Östergötlands drönarallians",
        "Östergötland",
        "Drönare",
        Phase.INITIATION,
        1.0,
        "ledning@klusterfas.demo",
        None,
    ),
    (
        "Jämtlands vintersportteknik",
        "Jämtland",
        "Sportteknik",
        Phase.PILOT,
        0.2,
        "ledning2@klusterfas.demo",
        "Medlemsföretagen vill inte finansiera en basorganisation.",
    ),
    (
        "Smålands trähusbyggare",
        "Jönköping",
        "Trähus",
        Phase.PILOT,
        0.0,
        "ledning2@klusterfas.demo",
        None,
    ),
]


# The funder finances these; it sees nothing else.
FUNDED = {
    "Sjuhärads textila innovationsnod",
    "Skånes livsmedelsarena",
    "Östergötlands drönarallians",
    "Värmlands skogsindustriella kluster",
}


class Gate(StrEnum):
    """How an initiative left a phase."""

    DIRECT = "direct"  # a support officer advanced it (recorded as a Go)
    GO = "go"  # the group asked for a gate review; Go
    HOLD = "hold"  # asked; Hold; asked again about six weeks later; Go
    CONDITIONAL = "conditional"  # asked; Conditional Go, with the initiative's conditions


@dataclass(frozen=True)
class Condition:
    text: str
    due: int  # days from today (below 0: in the past)
    closed: int | None = None  # days ago it was closed; None: still open


@dataclass(frozen=True)
class Past:
    """An initiative's 18 months, in days before today."""

    created: int
    gates: tuple[tuple[Gate, int], ...] = ()  # each phase passed: how, and when it was left
    conditions: tuple[Condition, ...] = ()  # of its Conditional Go
    quiet: int = 3  # days since the group last ticked an item (over 30: stalled)
    expires: int | None = None  # a piece of evidence expires in so many days (below 0: expired)
    held: tuple[int, int] | None = None  # a review of the current phase: asked, held
    asked: int | None = None  # asked for the current phase's gate review, undecided
    closed: int | None = None  # closed, with DEMO_INITIATIVES' reason


# Every demo initiative's history: charts of time in phase, the funnel, stalled and
# overdue lists and the work list all have something to show on the first run.
PASTS: dict[str, Past] = {
    "Sjuhärads textila innovationsnod": Past(
        430,
        ((Gate.GO, 380), (Gate.CONDITIONAL, 150)),
        conditions=(
            Condition("Underskriven avsiktsförklaring från regionen", due=-30),  # overdue
            Condition("Styrgrupp med näringslivet i majoritet", due=-100, closed=104),
        ),
        expires=20,
    ),
    "Norrbottens rymdteknikkluster": Past(300, ((Gate.GO, 210),), quiet=9),
    "Skånes livsmedelsarena": Past(
        480, ((Gate.GO, 420), (Gate.DIRECT, 330), (Gate.GO, 200)), quiet=12, expires=-35
    ),
    "Värmlands skogsindustriella kluster": Past(
        540,
        ((Gate.DIRECT, 470), (Gate.GO, 380), (Gate.HOLD, 250), (Gate.CONDITIONAL, 120)),
        conditions=(
            Condition("Finansieringsplan för hållbarhetsfasen antagen", due=-80, closed=84),
            Condition("Effekterna redovisade för regionens tillväxtnämnd", due=5),
        ),
        expires=12,
    ),
    "Gotlands besöksnäringsnätverk": Past(80, quiet=50),  # stalled
    "Östergötlands drönarallians": Past(260, ((Gate.DIRECT, 180),), held=(60, 52), asked=6),
    "Jämtlands vintersportteknik": Past(420, ((Gate.DIRECT, 360), (Gate.GO, 280)), closed=75),
    "Smålands trähusbyggare": Past(360, ((Gate.DIRECT, 300), (Gate.GO, 45)), quiet=45),
}
