"""The demo with a past: on a fresh database every chart and list has something to show,
the audit chain verifies and is in time order, and a second load adds nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.audit import log as audit_log
from app.clock import local_today
from app.db import Base
from app.demo.data import DEMO_INITIATIVES
from app.demo.history import START, spread
from app.demo.services import load_demo
from app.domain.reviews import ReviewOutcome
from app.models.accounts import User
from app.models.audit import AuditEntry
from app.models.evidence import Evidence
from app.models.initiatives import Initiative, Transition
from app.models.reviews import GateReview, ReviewCondition
from app.phases import Phase
from app.portfolio import analytics
from app.portfolio.deadlines import overdue_items
from app.portfolio.queries import Scope, portfolio_page
from app.portfolio.rules import PortfolioFilters
from app.worklists.queries import work_list
from app.worklists.rules import Horizon


def _rows(session: Session) -> dict[str, int]:
    return {
        table.name: session.scalar(select(func.count()).select_from(table)) or 0
        for table in Base.metadata.sorted_tables
    }


def test_spread_runs_from_the_first_day_to_the_last() -> None:
    assert spread(100, 10, 4) == [100, 70, 40, 10]
    assert spread(10, 20, 3) == []  # an empty window: nothing
    assert spread(30, 5, 1) == [5]


def test_the_demo_has_18_months_of_history(session: Session) -> None:
    assert load_demo(session)
    now = datetime.now(UTC)
    ids = select(Initiative.id)
    # Time in phase: finished stays of real length, in several phases.
    spans = analytics.time_in_phase(session, ids)
    finished = {p: v for p, v in spans.items() if v is not None}
    assert {Phase.STARTING_POINT, Phase.INITIATION, Phase.PILOT} <= set(finished)
    assert all(v[2] > 20 for v in finished.values())  # median days, not 0
    # The funnel: initiatives in five phases (and one closed); some moved within 90 days.
    funnel = analytics.funnel(session, ids, since=now - timedelta(days=90))
    assert len([p for p, n in funnel.now.items() if n and p is not Phase.CLOSED]) >= 5
    assert sum(funnel.entered.values()) >= 2
    first = session.scalar(select(func.min(Transition.created_at)))
    assert first is not None and (now - first).days > 365
    # Stalled: idle for longer than the 30 days of the default.
    support = session.scalars(select(User).where(User.email == "stod@klusterfas.demo")).one()
    scope = Scope(user=support, now=now, default_stalled_days=30)
    stalled = portfolio_page(session, scope, PortfolioFilters(stalled=True))
    assert {r.name for r in stalled.rows} >= {"Gotlands besöksnäringsnätverk"}
    assert stalled.total < len(DEMO_INITIATIVES) - 3  # most are active
    every = portfolio_page(session, scope, PortfolioFilters())
    assert sorted(r.days_in_phase(now) for r in every.rows)[2] > 30  # days in phase, not 0
    # Overdue results, conditions some closed some overdue, a Hold, a review waiting,
    # evidence that expires soon and some that has expired.
    today = local_today()
    assert overdue_items(session, user=support, today=today)
    conditions = session.scalars(select(ReviewCondition)).all()
    assert any(c.closed_at is not None for c in conditions)
    assert any(c.closed_at is None and c.due_on < today for c in conditions)
    outcomes = set(session.scalars(select(GateReview.outcome)))
    assert {ReviewOutcome.GO, ReviewOutcome.CONDITIONAL_GO, ReviewOutcome.HOLD} <= outcomes
    work = work_list(session, support, Horizon(today))
    assert work.reviews and work.conditions and work.overdue.items and work.evidence
    assert any(c.due_on < today for c in work.conditions)
    ends = [e for e in session.scalars(select(Evidence.expires_on)) if e is not None]
    assert any(e < today for e in ends)  # already expired: its item needs renewal
    assert any(today <= e <= today + timedelta(days=30) for e in ends)  # expires soon
    # The audit log: entries dated back 18 months, in time order, and the chain verifies.
    stamps = list(session.scalars(select(AuditEntry.at).order_by(AuditEntry.seq)))
    assert stamps == sorted(stamps)
    assert (now - stamps[0]).days >= START - 1
    assert audit_log.verify(session).ok
    # A second load adds nothing.
    rows = _rows(session)
    assert not load_demo(session)
    assert _rows(session) == rows
