"""A realistic demo portfolio, loaded through the same use-cases as real work: its people
and initiatives with 18 months of history (app/demo/history.py), then what they have now."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.actors import services as actor_services
from app.demo import financing as financing_demo
from app.demo import history
from app.demo import support as support_demo
from app.demo.data import DEMO_INITIATIVES
from app.internationalisation import services as assessment_services
from app.internationalisation.grids import AXES  # the demo's scores are the survey's grid
from app.models.accounts import User
from app.models.actors import Actor
from app.models.assessments import InternationalisationAssessment
from app.models.initiatives import Initiative
from app.phases import latest_version
from app.versions import services as versions

# Actors of the first demo initiatives, as a CSV file would bring them in.
DEMO_ACTORS: dict[str, str] = {
    "Sjuhärads textila innovationsnod": (
        "namn;organisationsnummer;region;typ;ansluten;lämnade\n"
        "Väveriet i Borås AB;556123-4567;Västra Götaland;anchor_company;2024-02-01;\n"
        "Sjuhärads Färgeri;556677-8899;Västra Götaland;sme;2024-02-01;\n"
        "Ulricehamns Tygtryck;;Västra Götaland;sme;2024-04-15;2025-08-31\n"
        "Högskolan i Borås;202100-3138;Västra Götaland;university;2024-03-01;\n"
        "RISE Textil;;Västra Götaland;research_institute;2024-09-01;\n"
        "Borås Stad;212000-1561;Västra Götaland;public_body;2024-02-01;\n"
        "Sparbanken Sjuhärad;;Västra Götaland;support_organisation;2025-01-10;\n"
    ),
    "Gotlands besöksnäringsnätverk": (
        "name;region;type;joined_on\n"
        "Visby Hotell AB;Gotland;anchor_company;2026-03-01\n"
        "Fårö Cykel;Gotland;sme;2026-04-01\n"
        "Uppsala universitet Campus Gotland;Gotland;university;2026-05-01\n"
        "Region Gotland;Gotland;public_body;2026-03-01\n"
    ),
}

# date, level, groups, directions, geography: one score for every key, in scale order.
DEMO_ASSESSMENTS: dict[
    str, list[tuple[str, int, list[int | None], list[int | None], list[int | None]]]
] = {
    "Sjuhärads textila innovationsnod": [
        ("2025-10-01", 3, [2, 2, 1, 1, None, 1], [2, 1, 2, 1, 1, 0, 1, 2], [2, 1, 0, 0, None]),
        ("2026-10-01", 4, [3, 3, 2, 1, None, 2], [3, 2, 2, 1, 2, 0, 2, 3], [3, 1, 0, 0, None]),
    ],
    "Skånes livsmedelsarena": [
        ("2026-09-15", 5, [4, 3, 3, 2, 1, 3], [3, 3, 2, 2, 3, 1, 2, 3], [4, 2, 0, 0, 1]),
    ],
    "Värmlands skogsindustriella kluster": [
        ("2024-11-01", 5, [4, 3, 3, 1, 1, 3], [3, 4, 2, 3, 2, 2, 2, 3], [4, 2, 0, 0, 2]),
        ("2026-11-01", 6, [4, 4, 3, 2, 2, 4], [3, 4, 2, 3, 3, 2, 3, 4], [4, 3, 0, 0, 2]),
    ],
}


def _load_participation(session: Session, support: User) -> None:
    """Actors and assessments for demo initiatives that have none yet."""
    by_name = {i.name: i for i in session.scalars(select(Initiative))}
    with_actors = set(session.scalars(select(Actor.initiative_id).distinct()))
    for name, csv_text in DEMO_ACTORS.items():
        if name in by_name and by_name[name].id not in with_actors:
            actor_services.import_csv(
                session, user=support, initiative_id=by_name[name].id, data=csv_text.encode()
            )
    assessed = set(session.scalars(select(InternationalisationAssessment.initiative_id).distinct()))
    for name, rows in DEMO_ASSESSMENTS.items():
        if name not in by_name or by_name[name].id in assessed:
            continue
        for on, level, *scores in rows:
            raw: dict[str, object] = {"assessed_on": on, "level": level}
            for (dimension, axes), values in zip(AXES.items(), scores, strict=True):
                raw[dimension.value] = {a.key: v for a, v in zip(axes, values, strict=True)}
            assessment_services.record(
                session, user=support, initiative_id=by_name[name].id, raw=raw
            )


def load_demo(session: Session) -> bool:
    """Load users and initiatives that are not there yet; return whether anything was added."""
    added, users = history.load(session)  # the people and initiatives, with their past
    admin, support = users["admin@klusterfas.demo"], users["stod@klusterfas.demo"]
    _load_participation(session, support)
    financing_demo.load(session, admin=admin, support=support)
    support_demo.load(session, support=support)
    return _move_to_latest(session, admin) or added


def _move_to_latest(session: Session, admin: User) -> bool:
    """Move the demo's initiatives to the newest phase-model version through the explicit
    move, so that it runs on real data (ticks, evidence, reviews); a demo loaded before a
    version was published catches up here."""
    names = [entry[0] for entry in DEMO_INITIATIVES]
    latest = latest_version()
    behind = session.scalars(
        select(Initiative)
        .where(Initiative.name.in_(names), Initiative.model_version != latest)
        .order_by(Initiative.id)
    ).all()
    for initiative in behind:
        versions.move_initiative_to_version(
            session,
            actor=admin,
            initiative_id=initiative.id,
            to_version=latest,
            expected_from_version=initiative.model_version,
        )
    return bool(behind)
