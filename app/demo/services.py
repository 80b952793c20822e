"""A realistic demo portfolio, loaded through the same use-cases as real work."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.access import services as access
from app.accounts import services as accounts
from app.actors import services as actor_services
from app.demo import portfolio as portfolio_demo
from app.demo.data import CONDITIONAL, DEMO_INITIATIVES, DEMO_USERS, EXPIRED, FUNDED, REQUESTED
from app.domain.evidence import EvidenceKind
from app.domain.items import ItemStatus, ItemUpdate
from app.domain.reviews import ReviewOutcome
from app.domain.workflow import Trigger
from app.evidence import services as evidence_services
from app.evidence.storage import BlobStore
from app.initiatives import services as initiatives
from app.internationalisation import services as assessment_services
from app.internationalisation.scale import AXES
from app.models.accounts import User
from app.models.actors import Actor
from app.models.assessments import InternationalisationAssessment
from app.models.initiatives import Initiative
from app.phases import PHASE_ORDER, Evidence, Phase, get_model
from app.reviews import services as reviews


def _evidence(kind: Evidence, name: str) -> tuple[str | None, str | None]:
    if kind is Evidence.LINK:
        slug = name.lower().split()[0]
        return "Se dokumentet.", f"https://intranat.example.se/kluster/{slug}/dokument"
    if kind is Evidence.NOTE:
        return "Avstämt med processledningsgruppen.", None
    return None, None


def _settle_results(
    session: Session, actor: User, initiative: Initiative, phase: Phase, share: float
) -> None:
    model = get_model(initiative.model_version)
    required = model.required_items(phase)
    for item in required[: round(len(required) * share)]:
        note, link = _evidence(item.evidence, initiative.name)
        initiatives.update_item(
            session,
            actor=actor,
            initiative_id=initiative.id,
            key=item.key,
            update=ItemUpdate(ItemStatus.DONE, note, link),
        )


def _advance(
    session: Session, users: dict[str, User], initiative: Initiative, leader: User, last: bool
) -> None:
    support = users["stod@klusterfas.demo"]
    condition = CONDITIONAL.get(initiative.name) if last else None
    if condition is None:
        initiatives.run_transition(
            session, actor=support, initiative_id=initiative.id, trigger=Trigger.ADVANCE
        )
        return
    review = reviews.request_review(session, actor=leader, initiative_id=initiative.id)
    reviews.decide(
        session,
        actor=support,
        review_id=review.id,
        outcome=ReviewOutcome.CONDITIONAL_GO,
        rationale="Stark förankring; regionens formella stöd återstår.",
        conditions=[
            reviews.ConditionInput(condition, leader.name, date.today() + timedelta(days=21))
        ],
    )


def _expire_one(session: Session, initiative: Initiative, leader: User) -> None:
    # Through the use-case, with dates in the past: the item then needs renewal.
    model = get_model(initiative.model_version)
    key = model.required_items(initiative.phase)[0].key
    evidence_services.add_evidence(
        session,
        actor=leader,
        initiative_id=initiative.id,
        key=key,
        new=evidence_services.NewEvidence(
            EvidenceKind.LINK,
            url="https://intranat.example.se/kluster/avtal-2025",
            note="Samverkansavtal 2025",
            effective_on=date.today() - timedelta(days=400),
            expires_on=date.today() - timedelta(days=35),
        ),
        store=BlobStore(None),
        max_bytes=0,
    )


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
    added = False
    users: dict[str, User] = {}
    for email, name, role, password in DEMO_USERS:
        user = session.scalar(select(User).where(User.email == email))
        if user is None:
            user = accounts.add_user(session, email=email, name=name, role=role, password=password)
            added = True
        users[email] = user
    admin, support = users["admin@klusterfas.demo"], users["stod@klusterfas.demo"]
    existing = set(session.scalars(select(Initiative.name)))
    for name, region, sector, target, share, member, closing in DEMO_INITIATIVES:
        if name in existing:
            continue
        added = True
        initiative = initiatives.create_initiative(
            session, actor=support, name=name, region=region, sector=sector
        )
        access.add_member(session, actor=support, initiative_id=initiative.id, email=member)
        leader = users[member]
        if name in FUNDED:
            access.add_funder(
                session,
                actor=support,
                initiative_id=initiative.id,
                email="finansiar@klusterfas.demo",
            )
        passed = PHASE_ORDER[: PHASE_ORDER.index(target)]
        for phase in passed:
            _settle_results(session, admin, initiative, phase, 1.0)
            _advance(session, users, initiative, leader, last=phase is passed[-1])
        _settle_results(session, admin, initiative, target, share)
        if name in EXPIRED:
            session.refresh(initiative)
            _expire_one(session, initiative, leader)
        if name in REQUESTED:
            reviews.request_review(session, actor=leader, initiative_id=initiative.id)
        portfolio_demo.enrich(session, support=support, initiative=initiative)
        if closing:
            initiatives.run_transition(
                session,
                actor=support,
                initiative_id=initiative.id,
                trigger=Trigger.CLOSE,
                reason=closing,
            )
    _load_participation(session, support)
    return added
