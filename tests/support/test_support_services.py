"""The support log's use-cases on both databases: recording (audited, refused whole), the
tick that records its activity in the same unit of work, and the portfolio's figures."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy.orm import Session

from app import errors
from app.audit import log as audit_log
from app.clock import local_today
from app.domain.items import ItemStatus, ItemUpdate
from app.initiatives import queries as initiative_queries
from app.initiatives import services as initiatives
from app.models.access import Funding
from app.models.initiatives import Initiative
from app.phases import PhaseModel
from app.portfolio.queries import Scope, visible_ids
from app.portfolio.rules import PortfolioFilters
from app.support import services
from app.support.queries import Totals
from tests.conftest import People
from tests.support.helpers import (
    EXTRA_SUPPORT_KEY,
    activity,
    activity_count,
    current_support_key,
    entries,
    into_initiation,
    support_keys,
)


def test_an_activity_is_stored_and_audited(
    session: Session, people: People, initiative: Initiative
) -> None:
    key = support_keys(initiative)[0]
    stored = services.record_activity(
        session, user=people.support, initiative_id=initiative.id,
        raw=activity(kind="workshop", hours="6.5", cost_sek=12000, item_key=key, note="Dag 1"),
    )  # fmt: skip
    assert (stored.hours, stored.cost_sek, stored.item_key) == (Decimal("6.50"), 12000, key)
    [entry] = entries(session, initiative.id, "support_activity.record")
    assert entry.target_type == "support_activity" and entry.target_id == str(stored.id)
    assert entry.actor == people.support.email
    assert entry.after == {
        "on": "2026-01-15", "kind": "workshop", "hours": "6.50", "cost_sek": 12000,
        "item_key": key, "note": "Dag 1",
    }  # fmt: skip
    assert audit_log.verify(session).ok


@pytest.mark.parametrize("who", ["leader", "funder"])
def test_only_support_and_admins_record_and_a_refusal_writes_nothing(
    session: Session, people: People, initiative: Initiative, who: str
) -> None:
    with pytest.raises(errors.Forbidden) as refused:
        services.record_activity(
            session, user=getattr(people, who), initiative_id=initiative.id, raw=activity()
        )
    assert refused.value.code == "may_not_record_support"
    with pytest.raises(errors.NotFound):
        services.record_activity(
            session, user=people.outsider, initiative_id=initiative.id, raw=activity()
        )
    with pytest.raises(errors.InvalidInput):
        services.record_activity(
            session, user=people.admin, initiative_id=initiative.id, raw=activity(hours=-1)
        )
    assert activity_count(session, initiative.id) == 0
    assert entries(session, initiative.id, "support_activity.record") == []


def test_the_item_key_is_a_process_support_item_of_the_pinned_version(
    session: Session, people: People, initiative: Initiative, later_version: PhaseModel
) -> None:
    # Published, and a Processtöd item there, but not in the version the initiative follows.
    assert later_version.item(EXTRA_SUPPORT_KEY) is not None
    assert initiative.model_version != later_version.version
    with pytest.raises(errors.InvalidInput) as refused:
        services.record_activity(
            session, user=people.support, initiative_id=initiative.id,
            raw=activity(item_key=EXTRA_SUPPORT_KEY),
        )  # fmt: skip
    assert (refused.value.field, refused.value.code) == ("item_key", "unknown_support_item")


def test_ticking_a_process_support_item_records_its_activity_in_the_same_step(
    session: Session, people: People, initiative: Initiative
) -> None:
    into_initiation(session, people, initiative)
    key = current_support_key(initiative)
    saved = services.save_item(
        session, user=people.support, initiative_id=initiative.id, key=key,
        update=ItemUpdate(ItemStatus.DONE, note="Workshop hållen"),
        activity={"kind": "workshop", "hours": "3,5", "cost_sek": "4 000"},
    )  # fmt: skip
    assert saved.state.status is ItemStatus.DONE
    assert saved.activity is not None
    assert (saved.activity.item_key, saved.activity.delivered_on) == (key, local_today())
    assert (saved.activity.hours, saved.activity.cost_sek) == (Decimal("3.50"), 4000)
    # Without kind and hours the tick is saved alone.
    alone = services.save_item(
        session, user=people.support, initiative_id=initiative.id, key=key,
        update=ItemUpdate(ItemStatus.DONE, note="Igen"), activity={"kind": "advice", "hours": ""},
    )  # fmt: skip
    assert alone.activity is None
    assert activity_count(session, initiative.id) == 1


def test_a_refused_activity_leaves_the_tick_unsaved_too(
    session: Session, people: People, initiative: Initiative
) -> None:
    into_initiation(session, people, initiative)
    key = current_support_key(initiative)
    ticks = len(entries(session, initiative.id, "item.update"))
    with pytest.raises(errors.InvalidInput) as refused:
        services.save_item(
            session, user=people.support, initiative_id=initiative.id, key=key,
            update=ItemUpdate(ItemStatus.DONE, note="Workshop"),
            activity={"kind": "workshop", "hours": "-2"},
        )  # fmt: skip
    assert refused.value.field == "hours"
    session.expire_all()
    state = initiative_queries.get_item_state(session, initiative_id=initiative.id, key=key)
    assert state is not None and state.status is ItemStatus.OPEN
    assert activity_count(session, initiative.id) == 0
    assert len(entries(session, initiative.id, "item.update")) == ticks


def test_the_log_sums_hours_and_kronor_exactly(
    session: Session, people: People, initiative: Initiative
) -> None:
    for hours, kronor in [("0.1", 1), ("0.2", 2), ("1234.57", 999_999), ("0.13", 0)]:
        services.record_activity(
            session, user=people.admin, initiative_id=initiative.id,
            raw=activity(hours=hours, cost_sek=kronor),
        )  # fmt: skip
    log = services.log_of(session, user=people.funder, initiative_id=initiative.id)
    assert log.totals == Totals(4, Decimal("1235.00"), 1_000_002)


def _scope(people: People, who: str) -> Scope:
    return Scope(user=getattr(people, who), now=datetime.now(UTC), default_stalled_days=30)


def test_the_portfolio_sums_per_region_for_what_the_user_may_see(
    session: Session, people: People, initiative: Initiative
) -> None:
    other = initiatives.create_initiative(
        session, actor=people.support, name="Rymdnoden", region="Norrbotten"
    )
    unfunded = initiatives.create_initiative(
        session, actor=people.support, name="Skognoden", region="Norrbotten"
    )
    session.add(Funding(initiative_id=other.id, user_id=people.funder.id))
    session.commit()
    for target, on, hours, kronor in [
        (initiative, "2026-01-10", "2.25", 1000),
        (initiative, "2026-03-31", "1.5", 250),
        (other, "2026-02-01", "4", 7000),
        (unfunded, "2026-02-01", "8", 9000),
        (other, "2025-12-31", "100", 100_000),
    ]:
        services.record_activity(
            session, user=people.support, initiative_id=target.id,
            raw=activity(on=on, hours=hours, cost_sek=kronor),
        )  # fmt: skip
    start, end = services.period("2026-01-01", "2026-03-31")
    every = services.portfolio_support(
        session, scope=_scope(people, "support"), chosen=PortfolioFilters(), start=start, end=end
    )
    assert every.items == [
        ("Norrbotten", Totals(2, Decimal("12.00"), 16000)),
        ("Västra Götaland", Totals(2, Decimal("3.75"), 1250)),
    ]
    funder = services.portfolio_support(
        session, scope=_scope(people, "funder"), chosen=PortfolioFilters(), start=start, end=end
    )
    assert funder.items == [
        ("Norrbotten", Totals(1, Decimal("4.00"), 7000)),
        ("Västra Götaland", Totals(2, Decimal("3.75"), 1250)),
    ]
    assert funder.total == Totals(3, Decimal("7.75"), 8250)
    # A region of the portfolio with nothing in the period is there, with zeros.
    leader = services.portfolio_support(
        session, scope=_scope(people, "leader"), chosen=PortfolioFilters(),
        start=start, end=start,
    )  # fmt: skip
    assert leader.items == [("Västra Götaland", Totals(0, Decimal("0.00"), 0))]


def test_the_charts_figures_cover_the_last_four_quarters(
    session: Session, people: People, initiative: Initiative
) -> None:
    today = local_today()
    for days_ago, hours in [(0, "1.25"), (100, "2"), (200, "3"), (500, "50")]:
        services.record_activity(
            session, user=people.support, initiative_id=initiative.id,
            raw=activity(on=(today - timedelta(days=days_ago)).isoformat(), hours=hours,
                         cost_sek=100),
        )  # fmt: skip
    ids = visible_ids(_scope(people, "support"), PortfolioFilters())
    figures = services.portfolio_figures(session, ids, today=today)
    assert len(figures.quarters) == 4 and figures.quarters[-1][1] == (today.month - 1) // 3 + 1
    assert figures.total == Totals(3, Decimal("6.25"), 300)  # 500 days ago is left out
    assert figures.by_region == [("Västra Götaland", figures.total)]
    assert figures.by_initiative == [("Textilnoden", figures.total)]
    assert sum(t.activities for _, t in figures.by_quarter) == 3
    assert figures.by_quarter[-1][1].hours >= Decimal("1.25")
    per_quarter = figures.by_region_quarter["Västra Götaland"]
    assert sum(per_quarter, Totals(0, Decimal(0), 0)) == figures.total
