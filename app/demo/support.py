"""Support delivered and Cluster Excellence for the demo: a year of support activities for
the demo's open initiatives, two labels (one lapsing within two months) and readiness
notes. Loaded through the use-cases; an initiative that has any already is left alone."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.clock import local_today
from app.demo.data import DEMO_INITIATIVES
from app.excellence import services as excellence
from app.excellence.rules import VALIDITY_YEARS
from app.models.accounts import User
from app.models.excellence import ClusterLabel, ReadinessNote
from app.models.initiatives import Initiative
from app.models.support import SupportActivity
from app.phases import Category, Phase, get_model, latest_version
from app.support import services as support_services
from app.support.rules import SupportKind

# One activity a month for a year: (kind, hours, kronor, note), taken in turn.
ROUNDS: list[tuple[SupportKind, str, int, str]] = [
    (SupportKind.WORKSHOP, "6.5", 12000, "Strategiworkshop med processledningsgruppen."),
    (SupportKind.ADVICE, "2", 0, "Rådgivning om styrgruppens sammansättning."),
    (SupportKind.ANALYSIS, "12", 35000, "Omvärldsanalys inför nästa fas."),
    (SupportKind.MATCHMAKING, "4", 3500, "Matchmaking med regionens lärosäten."),
    (SupportKind.FUNDING_ADVICE, "3.5", 0, "Genomgång av utlysningar och medfinansiering."),
    (SupportKind.TRAINING, "8", 18000, "Processledarutbildning, två dagar."),
]

# (initiative, level, days before today it was awarded, the assessing organisation)
LABELS: list[tuple[str, str, int, str]] = [
    # Awarded almost two years ago: it lapses in about six weeks.
    ("Värmlands skogsindustriella kluster", "bronze", 365 * VALIDITY_YEARS - 45,
     "ESCA – European Secretariat for Cluster Analysis"),
    ("Skånes livsmedelsarena", "silver", 240, "ESCA – European Secretariat for Cluster Analysis"),
]  # fmt: skip

NOTES: dict[str, list[tuple[str, str]]] = {
    "Värmlands skogsindustriella kluster": [
        ("financing", "Basfinansieringen från regionen löper ut om ett år; ansökan om "
                      "förlängning lämnas in i vår."),
        ("services", "Sammanställ deltagarlistor från workshoparna som underlag till "
                     "intervjun."),
    ],
}  # fmt: skip


def _support_keys(initiative: Initiative) -> list[str]:
    """Processtöd items of the pinned version that the newest one keeps too, so that the
    demo's activities still name an item after the demo moves to the newest version."""
    latest = get_model(latest_version())
    return [
        item.key
        for item in support_services.support_items(initiative)
        if (kept := latest.item(item.key)) is not None and kept.category is Category.SUPPORT
    ]


def load(session: Session, *, support: User) -> None:
    names = [entry[0] for entry in DEMO_INITIATIVES]
    by_name = {
        i.name: i for i in session.scalars(select(Initiative).where(Initiative.name.in_(names)))
    }
    logged = set(session.scalars(select(SupportActivity.initiative_id).distinct()))
    today = local_today()
    for n, name in enumerate(names):
        initiative = by_name.get(name)
        if initiative is None or initiative.id in logged or initiative.phase is Phase.CLOSED:
            continue
        keys = _support_keys(initiative)
        for month in range(12):
            kind, hours, kronor, note = ROUNDS[(month + n) % len(ROUNDS)]
            raw = {
                "on": (today - timedelta(days=30 * month + 3 * n)).isoformat(),
                "kind": kind.value,
                "hours": hours,
                "cost_sek": kronor,
                "item_key": keys[month % len(keys)] if keys and month % 3 == 0 else None,
                "note": note,
            }
            support_services.record_activity(
                session, user=support, initiative_id=initiative.id, raw=raw
            )
    labelled = set(session.scalars(select(ClusterLabel.initiative_id).distinct()))
    for name, level, days_ago, organisation in LABELS:
        initiative = by_name.get(name)
        if initiative is None or initiative.id in labelled:
            continue
        raw = {
            "level": level,
            "awarded_on": (today - timedelta(days=days_ago)).isoformat(),
            "assessing_organisation": organisation,
        }
        excellence.record_label(session, user=support, initiative_id=initiative.id, raw=raw)
    noted = set(session.scalars(select(ReadinessNote.initiative_id).distinct()))
    for name, notes in NOTES.items():
        initiative = by_name.get(name)
        if initiative is None or initiative.id in noted:
            continue
        for area, text in notes:
            excellence.add_note(
                session, user=support, initiative_id=initiative.id,
                raw={"area": area, "text": text},
            )  # fmt: skip
