"""Assessments stored and summarised in SQL, checked against figures worked out by hand."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import Engine, delete, func, select
from sqlalchemy.orm import Session

from app import errors
from app.db import make_sessionmaker
from app.domain.permissions import Role
from app.initiatives import services as initiatives
from app.internationalisation import services
from app.internationalisation.grids import AXES
from app.internationalisation.scale import Dimension
from app.models.access import Funding, Membership
from app.models.accounts import User
from app.models.assessments import AssessmentScore
from app.models.initiatives import Initiative
from app.phases import Phase
from app.portfolio.queries import Scope
from app.portfolio.rules import PortfolioFilters
from tests.conftest import AUDIT_KEY, People, make_user

N = None  # "no information"


def body(
    on: str, level: int, groups: list[int | None], export: int | None, europe: int | None
) -> dict[str, Any]:
    keys = [a.key for a in AXES[Dimension.GROUPS]]
    return {
        "assessed_on": on,
        "level": level,
        "groups": dict(zip(keys, groups, strict=True)),
        "directions": {
            a.key: (export if a.key == "export" else 1) for a in AXES[Dimension.DIRECTIONS]
        },
        "geography": {
            a.key: (europe if a.key == "europe" else None) for a in AXES[Dimension.GEOGRAPHY]
        },
    }


@pytest.fixture
def portfolio(session: Session, people: People) -> dict[str, Initiative]:
    """A, B, C assessed (A twice: only its latest counts); D in Skåne, never assessed."""
    made = {}
    for name, region in [
        ("A-noden", "Skåne"),
        ("B-noden", "Skåne"),
        ("C-klustret", "Östergötland"),
        ("D-noden", "Skåne"),
    ]:
        made[name[0]] = initiatives.create_initiative(
            session, actor=people.support, name=name, region=region
        )
        session.add(Funding(initiative_id=made[name[0]].id, user_id=people.funder.id))
    record = services.record
    s = people.support
    record(
        session,
        user=s,
        initiative_id=made["A"].id,
        raw=body("2025-01-01", 7, [4, 4, 4, 4, 4, 4], 4, 4),
    )
    record(
        session,
        user=s,
        initiative_id=made["A"].id,
        raw=body("2026-06-01", 5, [3, 4, 2, N, N, 0], 2, 4),
    )
    record(
        session,
        user=s,
        initiative_id=made["B"].id,
        raw=body("2026-05-01", 3, [1, 3, N, 2, N, 4], N, 4),
    )
    record(
        session,
        user=s,
        initiative_id=made["C"].id,
        raw=body("2026-04-01", 6, [4, 2, 0, 1, N, 3], 4, 3),
    )
    return made


def summary(session: Session, user: Any, **chosen: Any) -> Any:
    scope = Scope(user=user, now=datetime.now(UTC), default_stalled_days=30)
    return services.portfolio_summary(session, scope=scope, chosen=PortfolioFilters(**chosen))


def test_the_summary_takes_each_latest_assessment(
    session: Session, people: People, portfolio: dict[str, Initiative]
) -> None:
    result = summary(session, people.support)
    assert (result.initiatives, result.assessed) == (4, 3)
    assert result.mean_level == pytest.approx(14 / 3)
    groups = {key: entry.as_dict() for key, entry in result.by_key[Dimension.GROUPS].items()}
    approx = pytest.approx
    assert groups["anchor_companies"] == {
        "mean": approx(8 / 3),
        "share_high": approx(2 / 3),
        "share_no_info": 0.0,
        "share_zero": 0.0,
        "n": 3,
    }
    assert groups["universities"] == {
        "mean": 3.0,
        "share_high": approx(2 / 3),
        "share_no_info": 0.0,
        "share_zero": 0.0,
        "n": 3,
    }
    assert groups["research_institutes"] == {
        "mean": 1.0,
        "share_high": 0.0,
        "share_no_info": approx(1 / 3),
        "share_zero": approx(1 / 3),  # C answered 0: no links at all
        "n": 3,
    }
    assert groups["smes"] == {
        "mean": 1.5,
        "share_high": 0.0,
        "share_no_info": approx(1 / 3),
        "share_zero": 0.0,
        "n": 3,
    }
    assert groups["support_organisations"] == {
        "mean": None,
        "share_high": None,
        "share_no_info": 1.0,
        "share_zero": 0.0,
        "n": 3,
    }
    assert groups["cluster_organisation"] == {
        "mean": approx(7 / 3),
        "share_high": approx(2 / 3),
        "share_no_info": 0.0,
        "share_zero": approx(1 / 3),
        "n": 3,
    }
    export = result.by_key[Dimension.DIRECTIONS]["export"].as_dict()
    assert export == {
        "mean": 3.0,
        "share_high": 0.5,
        "share_no_info": approx(1 / 3),
        "share_zero": 0.0,
        "n": 3,
    }
    europe = result.by_key[Dimension.GEOGRAPHY]["europe"].as_dict()
    assert europe == {
        "mean": approx(11 / 3),
        "share_high": 1.0,
        "share_no_info": 0.0,
        "share_zero": 0.0,
        "n": 3,
    }
    # The latest levels are 5, 3 and 6 (A's earlier 7 does not count).
    assert result.median_level == 5.0
    assert result.levels.distribution()[3] == (1, approx(1 / 3))
    assert (result.grid.id, result.compared, result.left_out) == ("ru-pilot-clusters/1", 3, {})


def test_the_summary_follows_the_filters(
    session: Session, people: People, portfolio: dict[str, Initiative]
) -> None:
    skane = summary(session, people.support, region=("Skåne",))
    assert (skane.initiatives, skane.assessed) == (3, 2)
    assert skane.by_key[Dimension.GROUPS]["anchor_companies"].as_dict() == {
        "mean": 2.0,
        "share_high": 0.5,
        "share_no_info": 0.0,
        "share_zero": 0.0,
        "n": 2,
    }
    assert skane.median_level == 4.0  # halfway between A's 5 and B's 3
    assert summary(session, people.support, q="KLUSTER").assessed == 0
    assert (
        summary(session, people.support, q="klustret")
        .by_key[Dimension.GROUPS]["anchor_companies"]
        .n
        == 1
    )
    assert summary(session, people.support, q="%").assessed == 0  # a wildcard is only a character
    assert summary(session, people.support, q="östergötland").assessed == 1  # beyond ASCII too
    nobody = summary(session, people.support, phase=(Phase.PILOT,))
    assert (nobody.initiatives, nobody.assessed, nobody.mean_level) == (0, 0, None)
    assert nobody.median_level is None
    assert nobody.by_key[Dimension.GEOGRAPHY]["cis"].as_dict() == {
        "mean": None,
        "share_high": None,
        "share_no_info": None,
        "share_zero": None,
        "n": 0,
    }


def test_leadership_sees_the_summary_of_its_own_initiatives(
    session: Session, people: People, portfolio: dict[str, Initiative]
) -> None:
    session.add(Membership(initiative_id=portfolio["A"].id, user_id=people.leader.id))
    session.commit()
    mine = summary(session, people.leader)
    assert (mine.initiatives, mine.assessed) == (1, 1)
    assert mine.by_key[Dimension.GROUPS]["anchor_companies"].mean == 3.0


def test_assessments_list_newest_first_and_a_date_is_taken_once(
    session: Session, people: People, portfolio: dict[str, Initiative]
) -> None:
    a = portfolio["A"].id
    listed = services.for_initiative(session, user=people.funder, initiative_id=a)
    assert [s.assessment.level for s in listed] == [5, 7]
    assert listed[0].scores[Dimension.GROUPS]["smes"] is None
    with pytest.raises(errors.Conflict):
        services.record(
            session, user=people.support, initiative_id=a, raw=body("2026-06-01", 2, [1] * 6, 1, 1)
        )
    assert len(services.for_initiative(session, user=people.funder, initiative_id=a)) == 2


def test_funders_and_outsiders_may_not_record(
    session: Session, people: People, portfolio: dict[str, Initiative]
) -> None:
    raw = body("2026-07-01", 2, [1] * 6, 1, 1)
    with pytest.raises(errors.Forbidden):
        services.record(session, user=people.funder, initiative_id=portfolio["B"].id, raw=raw)
    with pytest.raises(errors.NotFound):
        services.record(session, user=people.outsider, initiative_id=portfolio["B"].id, raw=raw)


def test_a_refused_assessment_writes_nothing(
    session: Session, people: People, portfolio: dict[str, Initiative]
) -> None:
    before = session.scalar(select(func.count()).select_from(AssessmentScore))
    raw = body("2026-07-01", 2, [1, 1, 1, 1, 1, 9], 1, 1)
    with pytest.raises(services.AssessmentRefused) as caught:
        services.record(session, user=people.support, initiative_id=portfolio["B"].id, raw=raw)
    assert caught.value.field == "groups.cluster_organisation"
    assert session.scalar(select(func.count()).select_from(AssessmentScore)) == before


def test_recording_after_a_stale_read_waits_for_the_lock_instead_of_failing(
    committed_engine: Engine,
) -> None:
    # As for actors: a read (the login look-up), another writer commits, then the record.
    # On SQLite (WAL) that write fails with "database is locked" unless the use-case
    # takes the write lock up front.
    sessions = make_sessionmaker(committed_engine, audit_key=AUDIT_KEY)
    tag = secrets.token_hex(4)
    with sessions() as setup:
        officer = make_user(setup, f"support-{tag}@example.se", Role.SUPPORT)
        made = initiatives.create_initiative(setup, actor=officer, name=f"Race {tag}", region="R")
        ids = (made.id, officer.id)
    try:
        with sessions() as first, sessions() as second:
            user = first.get(User, ids[1])  # the stale read
            other = second.get(User, ids[1])
            assert user is not None and other is not None
            raw = body("2026-07-01", 2, [1] * 6, 1, 1)
            services.record(second, user=other, initiative_id=ids[0], raw=raw)
            raw = body("2026-08-01", 3, [2] * 6, 2, 2)
            services.record(first, user=user, initiative_id=ids[0], raw=raw)
            assert len(services.for_initiative(first, user=user, initiative_id=ids[0])) == 2
    finally:
        with sessions() as cleanup:
            cleanup.execute(delete(Initiative).where(Initiative.id == ids[0]))
            cleanup.execute(delete(User).where(User.id == ids[1]))
            cleanup.commit()
