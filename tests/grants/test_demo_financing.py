"""The demo's funding organisations and grants: loaded through the use-cases, once."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import clock
from app.demo import financing
from app.grants import queries
from app.grants.rules import ending_soon
from app.initiatives import services as initiatives
from app.models.audit import AuditEntry
from app.models.grants import FundingOrganisation, Grant
from tests.conftest import People


def _count(session: Session, model: type[FundingOrganisation] | type[Grant]) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def test_the_demo_financing_loads_once(session: Session, people: People) -> None:
    textile = initiatives.create_initiative(
        session, actor=people.support, name="Sjuhärads textila innovationsnod",
        region="Västra Götaland",
    )  # fmt: skip
    food = initiatives.create_initiative(
        session, actor=people.support, name="Skånes livsmedelsarena", region="Skåne"
    )
    financing.load(session, admin=people.admin, support=people.support)
    assert _count(session, FundingOrganisation) == len(financing.ORGANISATIONS)
    textile_grants = queries.grants(session, textile.id)
    assert len(textile_grants) == 2 and len(queries.grants(session, food.id)) == 2
    # One grant ends within the 90 days the portfolio flags.
    today = clock.local_today()  # where the regions are, as the app counts
    assert [ending_soon(g.ends_on, today) for g in textile_grants] == [False, True]
    assert queries.totals(textile_grants) == (1_650_000, 700_000)
    eruf = next(g for g in queries.grants(session, food.id) if g.cofinancing_cash_sek is None)
    assert eruf.cofinancing_sek == 2_000_000  # only the total is known
    actions = list(session.scalars(select(AuditEntry.action)))
    assert actions.count("grant.add") == 4
    assert actions.count("funding_organisation.add") == len(financing.ORGANISATIONS)

    financing.load(session, admin=people.admin, support=people.support)  # again: nothing new
    assert _count(session, FundingOrganisation) == len(financing.ORGANISATIONS)
    assert _count(session, Grant) == 4
