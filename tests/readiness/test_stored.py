"""The stored readiness follows every write, and the check finds any difference."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker

from app.demo.services import load_demo
from app.domain.items import ItemStatus, ItemUpdate
from app.domain.workflow import Trigger
from app.initiatives import items as initiative_items
from app.initiatives import services as initiatives
from app.models.initiatives import Initiative
from app.models.readiness import PhaseReadiness
from app.phases import PHASE_ORDER, Phase
from app.portfolio.queries import Scope, portfolio_page
from app.portfolio.rules import PortfolioFilters
from app.readiness import services
from app.readiness.commands import check_command
from tests.conftest import People
from tests.portfolio import helpers
from tests.portfolio.test_readiness_day import KEY, tick_with_expiring_evidence

Check = Callable[[date | None], list[str]]


def _stored(session: Session, initiative: Initiative) -> PhaseReadiness:
    row = session.get(PhaseReadiness, (initiative.id, initiative.phase), populate_existing=True)
    assert row is not None
    return row


def test_the_portfolio_helpers_portfolio_is_consistent(
    session: Session, people: People, consistent: Check
) -> None:
    built = helpers.build(session, people)
    assert consistent(None) == []
    count = session.scalar(select(func.count()).select_from(PhaseReadiness))
    initiatives_count = session.scalar(select(func.count()).select_from(Initiative)) or 0
    assert count == initiatives_count * len(PHASE_ORDER)
    assert _stored(session, built.food).readiness == 100.0
    assert built.closed.phase is Phase.CLOSED


def test_the_demo_is_consistent(session: Session, consistent: Check) -> None:
    assert load_demo(session)
    assert consistent(None) == []


def test_an_item_save_and_a_transition_update_it(
    session: Session, people: People, initiative: Initiative, consistent: Check
) -> None:
    before = _stored(session, initiative).required_open
    initiative_items.update_item(
        session, actor=people.leader, initiative_id=initiative.id, key=KEY,
        update=ItemUpdate(ItemStatus.NOT_APPLICABLE, justification="Gäller inte oss."),
    )  # fmt: skip
    assert _stored(session, initiative).required_open == before - 1
    helpers.advance_to(session, people, initiative, Phase.INITIATION)
    assert _stored(session, initiative).phase is Phase.INITIATION
    assert consistent(None) == []


def test_an_expiry_that_passes_is_read_live(
    session: Session, people: People, initiative: Initiative, consistent: Check
) -> None:
    now = datetime.now(UTC)
    expires = tick_with_expiring_evidence(session, people, initiative, now)
    stored = _stored(session, initiative)
    assert stored.renewal_due_on == expires and stored.needs_renewal == 0
    ready_now = stored.readiness
    later = now + timedelta(days=11)
    assert consistent(later.date()) == []  # past its date the row is read live
    scope = Scope(user=people.support, now=later, default_stalled_days=30)
    (row,) = portfolio_page(session, scope, PortfolioFilters(sort="readiness")).rows
    assert row.readiness == 0.0 < ready_now
    today = Scope(user=people.support, now=now, default_stalled_days=30)
    (row,) = portfolio_page(session, today, PortfolioFilters()).rows
    assert row.readiness == ready_now


def test_the_check_reports_a_tampered_row_and_exits_1(
    session: Session,
    sessions: sessionmaker[Session],
    people: People,
    initiative: Initiative,
    capsys: object,
) -> None:
    session.execute(
        update(PhaseReadiness)
        .where(PhaseReadiness.initiative_id == initiative.id)
        .values(required_open=99)
    )
    session.flush()
    assert check_command(sessions) == 1
    services.recompute_all(session)
    assert check_command(sessions) == 0


def _carried(session: Session, initiative: Initiative) -> tuple[float | None, date | None]:
    session.refresh(initiative)
    return initiative.current_readiness, initiative.current_renewal_due_on


def test_the_initiative_row_carries_its_current_phase_readiness(
    session: Session, people: People, initiative: Initiative, consistent: Check
) -> None:
    """The copy the portfolio ranks by: after a save, a move, a close and a reopen."""
    assert _carried(session, initiative) == (_stored(session, initiative).readiness, None)
    initiative_items.update_item(
        session, actor=people.leader, initiative_id=initiative.id, key=KEY,
        update=ItemUpdate(ItemStatus.NOT_APPLICABLE, justification="Gäller inte oss."),
    )  # fmt: skip
    saved = _stored(session, initiative).readiness
    assert saved > 0 and _carried(session, initiative) == (saved, None)
    helpers.advance_to(session, people, initiative, Phase.INITIATION)
    assert _carried(session, initiative) == (_stored(session, initiative).readiness, None)
    assert _stored(session, initiative).readiness != saved
    initiatives.run_transition(
        session, actor=people.support, initiative_id=initiative.id, trigger=Trigger.CLOSE,
        reason="Ingen bärkraft",
    )  # fmt: skip
    assert _carried(session, initiative) == (None, None)
    initiatives.run_transition(
        session, actor=people.support, initiative_id=initiative.id, trigger=Trigger.REOPEN,
        reason="Ny finansiering",
    )  # fmt: skip
    assert _carried(session, initiative) == (_stored(session, initiative).readiness, None)
    assert consistent(None) == []


def test_the_check_reports_a_row_whose_copy_differs(
    session: Session, sessions: sessionmaker[Session], initiative: Initiative
) -> None:
    session.execute(
        update(Initiative).where(Initiative.id == initiative.id).values(current_readiness=12.5)
    )
    session.flush()
    assert check_command(sessions) == 1
    services.recompute_all(session)
    assert check_command(sessions) == 0
