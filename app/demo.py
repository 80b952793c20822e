"""A realistic demo portfolio, loaded through the same use-cases as real work."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import services
from app.domain.items import ItemStatus, ItemUpdate
from app.domain.permissions import Role
from app.domain.workflow import Trigger
from app.models import Initiative, User
from app.phases import PHASE_ORDER, Evidence, Phase, get_model
from app.portfolio import demo as portfolio_demo

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
        services.update_item(
            session,
            actor=actor,
            initiative_id=initiative.id,
            key=item.key,
            update=ItemUpdate(ItemStatus.DONE, note, link),
        )


def load_demo(session: Session) -> bool:
    """Load users and initiatives that are not there yet; return whether anything was added."""
    added = False
    users: dict[str, User] = {}
    for email, name, role, password in DEMO_USERS:
        user = session.scalar(select(User).where(User.email == email))
        if user is None:
            user = services.add_user(session, email=email, name=name, role=role, password=password)
            added = True
        users[email] = user
    admin, support = users["admin@klusterfas.demo"], users["stod@klusterfas.demo"]
    existing = set(session.scalars(select(Initiative.name)))
    for name, region, sector, target, share, member, closing in DEMO_INITIATIVES:
        if name in existing:
            continue
        added = True
        initiative = services.create_initiative(
            session, actor=support, name=name, region=region, sector=sector
        )
        services.add_member(session, actor=support, initiative_id=initiative.id, email=member)
        for phase in PHASE_ORDER[: PHASE_ORDER.index(target)]:
            _settle_results(session, admin, initiative, phase, 1.0)
            services.run_transition(
                session, actor=support, initiative_id=initiative.id, trigger=Trigger.ADVANCE
            )
        _settle_results(session, admin, initiative, target, share)
        portfolio_demo.enrich(session, support=support, initiative=initiative)
        if closing:
            services.run_transition(
                session,
                actor=support,
                initiative_id=initiative.id,
                trigger=Trigger.CLOSE,
                reason=closing,
            )
    return added
