"""A small portfolio built through the real use-cases, for the portfolio tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import update
from sqlalchemy.orm import Session

from app.domain.items import ItemStatus, ItemUpdate
from app.domain.workflow import Trigger
from app.initiatives import items as initiative_items
from app.initiatives import services as initiatives
from app.models.access import Funding
from app.models.initiatives import Initiative, ItemState, Transition
from app.phases import Phase, get_model
from tests.conftest import People

MODEL = get_model()


@dataclass
class Portfolio:
    textile: Initiative  # Västra Götaland, pilot, 3 of 7 required settled, active
    space: Initiative  # Norrbotten, initiation, idle for 100 days: stalled
    food: Initiative  # Skåne, starting point, every required item done: 100 %
    closed: Initiative  # Gotland, closed


def settle(session: Session, people: People, initiative: Initiative, keys: list[str]) -> None:
    for key in keys:
        item = MODEL.item(key)
        assert item is not None
        actor = people.support if item.category.value == "support" else people.admin
        initiative_items.update_item(
            session, actor=actor, initiative_id=initiative.id, key=key,
            update=ItemUpdate(ItemStatus.DONE, note="Klart", link="https://example.se/bevis"),
        )  # fmt: skip


def advance_to(session: Session, people: People, initiative: Initiative, target: Phase) -> None:
    while initiative.phase is not target:
        settle(session, people, initiative, [i.key for i in MODEL.required_items(initiative.phase)])
        initiatives.run_transition(
            session, actor=people.support, initiative_id=initiative.id, trigger=Trigger.ADVANCE
        )
        session.refresh(initiative)


def backdate(session: Session, initiative: Initiative, days: int) -> None:
    """Make every trace of activity `days` old."""
    then = datetime.now(UTC) - timedelta(days=days)
    session.execute(
        update(Initiative)
        .where(Initiative.id == initiative.id)
        .values(updated_at=then, phase_entered_at=then)
    )
    session.execute(
        update(ItemState)
        .where(ItemState.initiative_id == initiative.id, ItemState.updated_at.is_not(None))
        .values(updated_at=then)
    )
    session.execute(
        update(Transition).where(Transition.initiative_id == initiative.id).values(created_at=then)
    )
    session.commit()


def build(session: Session, people: People) -> Portfolio:
    def create(name: str, region: str, sector: str) -> Initiative:
        created = initiatives.create_initiative(
            session, actor=people.support, name=name, region=region, sector=sector
        )
        # The test funder finances the whole portfolio; funders see only what they fund.
        session.add(Funding(initiative_id=created.id, user_id=people.funder.id))
        session.commit()
        return created

    textile = create("Textilnoden", "Västra Götaland", "Textil")
    advance_to(session, people, textile, Phase.PILOT)
    settle(session, people, textile, [i.key for i in MODEL.required_items(Phase.PILOT)][:3])
    support = [
        i.key for i in MODEL.items if i.phase is Phase.PILOT and i.category.value == "support"
    ]
    settle(session, people, textile, support[:2])  # two Processtöd items delivered
    space = create("Rymdklustret", "Norrbotten", "Rymd")
    advance_to(session, people, space, Phase.INITIATION)
    backdate(session, space, 100)
    food = create("Livsmedelsarenan", "Skåne", "Livsmedel")
    settle(session, people, food, [i.key for i in MODEL.required_items(Phase.STARTING_POINT)])
    closed = create("Besöksnätverket", "Gotland", "Besöksnäring")
    initiatives.run_transition(
        session, actor=people.support, initiative_id=closed.id, trigger=Trigger.CLOSE,
        reason="Ingen finansiering",
    )  # fmt: skip
    for initiative in (textile, space, food, closed):
        session.refresh(initiative)
    return Portfolio(textile, space, food, closed)
