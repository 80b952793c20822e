"""The demo portfolio as data: people, initiatives and the situations they show."""

from __future__ import annotations

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


# Reached their phase through a Conditional Go, with one open condition.
CONDITIONAL = {"Sjuhärads textila innovationsnod": "Underskriven avsiktsförklaring från regionen"}


# Have asked for a gate review that awaits a decision.
REQUESTED = {"Östergötlands drönarallians"}


# Carry evidence that has expired, so an item needs renewal.
EXPIRED = {"Skånes livsmedelsarena"}
