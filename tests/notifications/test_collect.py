"""Collecting notifications: who is told what, and collecting twice adds nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.permissions import Role
from app.domain.reviews import ReviewOutcome, ReviewStatus
from app.initiatives import services as initiatives
from app.models.initiatives import Initiative, ItemState
from app.models.notifications import Notification
from app.notifications import services
from app.notifications.rules import NotificationKind
from app.notifications.texts import describe, link
from app.readiness.services import recompute as recompute_readiness
from tests.conftest import People, make_user
from tests.worklists.test_queries import KEY, condition, evidence, review

NOW = datetime(2026, 6, 15, 12, tzinfo=UTC)
TODAY = NOW.date()


def test_each_kind_reaches_its_people_once(
    session: Session, people: People, initiative: Initiative
) -> None:
    second_officer = make_user(session, "stod2@example.se", Role.SUPPORT, "Stina Stöd")
    asked = review(session, initiative, people, days_ago=1, today=TODAY)
    decided = review(session, initiative, people, 3, ReviewStatus.DECIDED, today=TODAY)
    decided.outcome = ReviewOutcome.CONDITIONAL_GO
    decided.decided_at = NOW - timedelta(days=1)
    condition(session, decided, TODAY - timedelta(days=1))  # overdue
    evidence(session, initiative, TODAY + timedelta(days=20))
    state = session.scalar(
        select(ItemState).where(ItemState.initiative_id == initiative.id, ItemState.item_key == KEY)
    )
    assert state is not None
    state.target_date = TODAY - timedelta(days=2)
    session.commit()

    added = services.collect(session, now=NOW)
    found = {(n.user_id, n.kind) for n in session.scalars(select(Notification))}
    officers = {people.support.id, second_officer.id}
    group = {people.leader.id}
    assert {u for u, k in found if k is NotificationKind.REVIEW_REQUESTED} == officers
    assert {u for u, k in found if k is NotificationKind.REVIEW_DECIDED} == group | {
        people.funder.id
    }
    assert {u for u, k in found if k is NotificationKind.CONDITION_DUE} == group
    assert {u for u, k in found if k is NotificationKind.EVIDENCE_EXPIRING} == group
    assert {u for u, k in found if k is NotificationKind.TARGET_DATE_PASSED} == group
    assert added == len(found) == 2 + 2 + 1 + 1 + 1
    assert people.outsider.id not in {u for u, _ in found}

    assert services.collect(session, now=NOW) == 0  # idempotent
    request = session.scalar(
        select(Notification).where(Notification.kind == NotificationKind.REVIEW_REQUESTED)
    )
    assert request is not None
    assert link(request.kind, request.params, request.initiative_id) == f"/gate-reviews/{asked.id}"
    assert describe(request.kind, request.params, "sv") == (
        "Textilnoden begär en grindgranskning ut ur Utgångspunkt."
    )
    overdue = session.scalar(
        select(Notification).where(Notification.kind == NotificationKind.CONDITION_DUE)
    )
    assert overdue is not None and "still open" in describe(overdue.kind, overdue.params, "en")


def test_a_condition_that_becomes_overdue_is_told_again(
    session: Session, people: People, initiative: Initiative
) -> None:
    decided = review(session, initiative, people, 30, ReviewStatus.DECIDED, today=TODAY)
    condition(session, decided, TODAY + timedelta(days=3))
    session.commit()
    assert services.collect(session, now=NOW) == 1
    assert services.collect(session, now=NOW + timedelta(days=4)) == 1
    subjects = sorted(session.scalars(select(Notification.subject)))
    assert [s.rsplit(":", 1)[1] for s in subjects] == ["due", "overdue"]


def test_old_decisions_and_closed_initiatives_stay_quiet(
    session: Session, people: People, initiative: Initiative
) -> None:
    old = review(session, initiative, people, 90, ReviewStatus.DECIDED, today=TODAY)
    old.outcome = ReviewOutcome.GO
    old.decided_at = NOW - timedelta(days=60)
    other = initiatives.create_initiative(session, actor=people.support, name="Stängd", region="R")
    review(session, other, people, days_ago=1, today=TODAY)
    other.phase = other.phase.__class__("closed")  # behind the app: a review left open
    session.commit()
    recompute_readiness(session, other.id)  # the stored readiness as a close leaves it
    assert services.collect(session, now=NOW) == 0
    assert date(2026, 6, 15) == TODAY
