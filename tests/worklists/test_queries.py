"""The work list reads what waits, oldest first, scoped to what each reader may see."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy.orm import Session

from app.domain.evidence import EvidenceKind
from app.domain.reviews import ReviewStatus
from app.initiatives import services as initiatives
from app.models.evidence import Evidence
from app.models.initiatives import Initiative
from app.models.reviews import GateReview, ReviewCondition
from app.phases import Phase
from app.readiness.services import recompute as recompute_readiness
from app.worklists import queries
from app.worklists.rules import Horizon
from tests.conftest import People

TODAY = date(2026, 6, 15)
HORIZON = Horizon(TODAY)
KEY = "starting_point.results.critical_mass"


def review(
    session: Session,
    initiative: Initiative,
    people: People,
    days_ago: int,
    status: ReviewStatus = ReviewStatus.REQUESTED,
    today: date = TODAY,
) -> GateReview:
    made = GateReview(
        initiative_id=initiative.id,
        phase=initiative.phase,
        model_version=initiative.model_version,
        status=status,
        requested_by_id=people.leader.id,
        requested_at=datetime.combine(today, time(9), UTC) - timedelta(days=days_ago),
    )
    session.add(made)
    session.flush()
    return made


def condition(session: Session, made: GateReview, due: date, closed: bool = False) -> None:
    session.add(
        ReviewCondition(
            review_id=made.id,
            initiative_id=made.initiative_id,
            text=f"Villkor {due.isoformat()}",
            owner="Lars",
            due_on=due,
            closed_at=datetime(2026, 6, 1, tzinfo=UTC) if closed else None,
        )
    )


def evidence(session: Session, initiative: Initiative, expires: date | None) -> None:
    session.add(
        Evidence(
            initiative_id=initiative.id,
            item_key=KEY,
            kind=EvidenceKind.NOTE,
            note=f"Protokoll {expires}",
            effective_on=date(2026, 1, 1),
            expires_on=expires,
        )
    )


def test_reviews_wait_oldest_first_and_closed_initiatives_drop_out(
    session: Session, people: People, initiative: Initiative
) -> None:
    other = initiatives.create_initiative(
        session, actor=people.support, name="Rymdnoden", region="Norrbotten"
    )
    newer = review(session, initiative, people, days_ago=2)
    older = review(session, other, people, days_ago=9)
    review(session, initiative, people, days_ago=20, status=ReviewStatus.DECIDED)
    session.commit()

    found = queries.waiting_reviews(session, people.support)
    assert [r.review_id for r in found] == [older.id, newer.id]
    assert found[0].requested_by == "Lars Ledare"
    assert HORIZON.days_since(found[0].requested_at.date()) == 9

    other.phase = Phase.CLOSED  # behind the app: its review left waiting
    session.commit()
    recompute_readiness(session, other.id)  # the stored readiness as a close leaves it
    assert [r.review_id for r in queries.waiting_reviews(session, people.support)] == [newer.id]


def test_conditions_due_within_a_week_or_overdue_and_still_open(
    session: Session, people: People, initiative: Initiative
) -> None:
    made = review(session, initiative, people, days_ago=30, status=ReviewStatus.DECIDED)
    for due in (TODAY - timedelta(days=3), TODAY + timedelta(days=7), TODAY + timedelta(days=8)):
        condition(session, made, due)
    condition(session, made, TODAY - timedelta(days=1), closed=True)
    session.commit()

    found = queries.due_conditions(session, people.support, HORIZON)
    assert [c.due_on for c in found] == [TODAY - timedelta(days=3), TODAY + timedelta(days=7)]
    assert [HORIZON.urgency(c.due_on).value for c in found] == ["overdue", "due_soon"]


def test_evidence_expiring_within_thirty_days(
    session: Session, people: People, initiative: Initiative
) -> None:
    for expires in (
        TODAY - timedelta(days=1),
        TODAY,
        TODAY + timedelta(days=30),
        TODAY + timedelta(days=31),
        None,
    ):
        evidence(session, initiative, expires)
    session.commit()

    found = queries.expiring_evidence(session, people.support, HORIZON)
    assert [e.expires_on for e in found] == [TODAY, TODAY + timedelta(days=30)]
    assert found[0].item is not None and found[0].item.key == KEY
    assert found[0].label == f"Protokoll {TODAY}"


def test_each_reader_sees_only_the_initiatives_they_may_see(
    session: Session, people: People, initiative: Initiative
) -> None:
    other = initiatives.create_initiative(
        session, actor=people.support, name="Rymdnoden", region="Norrbotten"
    )
    mine = review(session, initiative, people, days_ago=1)
    theirs = review(session, other, people, days_ago=1)
    condition(session, review(session, initiative, people, 9, ReviewStatus.DECIDED), TODAY)
    condition(session, review(session, other, people, 9, ReviewStatus.DECIDED), TODAY)
    session.commit()

    def seen(user_reviews: list[queries.WaitingReview]) -> set[int]:
        return {r.review_id for r in user_reviews}

    assert seen(queries.waiting_reviews(session, people.support)) == {mine.id, theirs.id}
    assert seen(queries.waiting_reviews(session, people.leader)) == {mine.id}
    assert seen(queries.waiting_reviews(session, people.funder)) == {mine.id}
    assert seen(queries.waiting_reviews(session, people.outsider)) == set()
    assert queries.pending_count(session, people.support, HORIZON) == 4
    assert queries.pending_count(session, people.leader, HORIZON) == 2
    assert queries.pending_count(session, people.outsider, HORIZON) == 0
