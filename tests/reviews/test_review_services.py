"""Gate reviews against a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy.orm import Session

from app import errors
from app.audit.snapshots import snapshot_sha256
from app.domain.items import ItemStatus, ItemUpdate
from app.domain.workflow import TransitionRefused, Trigger
from app.initiatives import items as initiative_items
from app.initiatives import listing as initiative_listing
from app.initiatives import queries as initiative_queries
from app.initiatives import services as initiatives
from app.models.initiatives import Initiative
from app.models.reviews import GateReview
from app.phases import Phase, get_model
from app.reviews import queries as review_queries
from app.reviews import services as reviews
from tests.conftest import People

MODEL = get_model()
DUE = date.today() + timedelta(days=30)


def settle(session: Session, people: People, initiative: Initiative, phase: Phase) -> None:
    for item in MODEL.required_items(phase):
        initiative_items.update_item(
            session,
            actor=people.admin,
            initiative_id=initiative.id,
            key=item.key,
            update=ItemUpdate(ItemStatus.DONE, note="Underlag finns"),
        )


def requested(session: Session, people: People, initiative: Initiative) -> GateReview:
    settle(session, people, initiative, initiative.phase)
    return reviews.request_review(
        session, actor=people.leader, initiative_id=initiative.id, note="Klara för piloten?"
    )


def phase_of(session: Session, initiative: Initiative) -> Phase:
    session.refresh(initiative)
    return initiative.phase


def test_a_review_can_be_requested_only_once_the_gate_is_open(
    session: Session, people: People, initiative: Initiative
) -> None:
    with pytest.raises(TransitionRefused) as refused:
        reviews.request_review(session, actor=people.leader, initiative_id=initiative.id)
    assert set(refused.value.refusal.missing) == {
        i.key for i in MODEL.required_items(Phase.STARTING_POINT)
    }
    review = requested(session, people, initiative)
    assert review.status == "requested" and review.phase is Phase.STARTING_POINT
    with pytest.raises(errors.Conflict):
        reviews.request_review(session, actor=people.leader, initiative_id=initiative.id)


def test_only_the_leadership_group_requests_and_only_support_decides(
    session: Session, people: People, initiative: Initiative
) -> None:
    settle(session, people, initiative, Phase.STARTING_POINT)
    for user in (people.support, people.funder):
        with pytest.raises(errors.Forbidden):
            reviews.request_review(session, actor=user, initiative_id=initiative.id)
    with pytest.raises(errors.NotFound):  # not their initiative: not even visible
        reviews.request_review(session, actor=people.outsider, initiative_id=initiative.id)
    review = reviews.request_review(session, actor=people.leader, initiative_id=initiative.id)
    for user in (people.leader, people.funder):
        with pytest.raises(errors.Forbidden):
            reviews.decide(session, actor=user, review_id=review.id, outcome="go", rationale="x")
    session.rollback()
    assert phase_of(session, initiative) is Phase.STARTING_POINT


def test_go_advances_and_freezes_a_snapshot(
    session: Session, people: People, initiative: Initiative
) -> None:
    review = requested(session, people, initiative)
    decided = reviews.decide(
        session, actor=people.support, review_id=review.id, outcome="go", rationale="Allt på plats."
    )
    assert phase_of(session, initiative) is Phase.INITIATION
    assert decided.status == "decided" and decided.outcome == "go"
    assert decided.transition_id is not None
    snapshot = decided.snapshot
    assert snapshot is not None and snapshot["phase"] == "starting_point"
    key = MODEL.required_items(Phase.STARTING_POINT)[0].key
    assert snapshot["items"][key]["note"] == "Underlag finns"
    assert decided.snapshot_sha256 == snapshot_sha256(snapshot)

    # Later edits (here: stepping back and rewriting the note) never reach the snapshot.
    initiatives.run_transition(
        session,
        actor=people.support,
        initiative_id=initiative.id,
        trigger=Trigger.STEP_BACK,
        reason="Tillbaka",
    )
    initiative_items.update_item(
        session,
        actor=people.admin,
        initiative_id=initiative.id,
        key=key,
        update=ItemUpdate(ItemStatus.DONE, note="Omskrivet"),
    )
    session.expire_all()
    again = session.get(GateReview, review.id)
    assert again is not None and again.snapshot is not None
    assert again.snapshot["items"][key]["note"] == "Underlag finns"
    assert again.snapshot_sha256 == snapshot_sha256(again.snapshot)


def test_hold_stays_with_feedback(session: Session, people: People, initiative: Initiative) -> None:
    review = requested(session, people, initiative)
    decided = reviews.decide(
        session,
        actor=people.support,
        review_id=review.id,
        outcome="hold",
        rationale="Förankra i fler företag först.",
    )
    assert phase_of(session, initiative) is Phase.STARTING_POINT
    assert decided.outcome == "hold" and decided.transition_id is None
    with pytest.raises(errors.Conflict):  # decided once, for good
        reviews.decide(
            session, actor=people.support, review_id=review.id, outcome="go", rationale="Ändrat mig"
        )
    session.rollback()
    # A new request is possible after a Hold.
    again = reviews.request_review(session, actor=people.leader, initiative_id=initiative.id)
    assert again.id != review.id


def test_recycle_steps_back_and_old_ticks_need_confirmation(
    session: Session, people: People, initiative: Initiative
) -> None:
    settle(session, people, initiative, Phase.STARTING_POINT)
    initiatives.run_transition(
        session, actor=people.support, initiative_id=initiative.id, trigger=Trigger.ADVANCE
    )
    review = requested(session, people, initiative)
    assert review.phase is Phase.INITIATION
    reviews.decide(
        session,
        actor=people.support,
        review_id=review.id,
        outcome="recycle",
        rationale="Utgångspunkten håller inte längre.",
    )
    assert phase_of(session, initiative) is Phase.STARTING_POINT
    view = initiative_queries.initiative_view(
        session, user=people.leader, initiative_id=initiative.id
    )
    required = [i.key for i in MODEL.required_items(Phase.STARTING_POINT)]
    # The ticks are still there, but each needs confirming before the gate opens again.
    assert all(view.states[k].status is ItemStatus.DONE for k in required)
    assert {view.phase_state.standings[k] for k in required} == {"needs_confirmation"}
    assert not view.gate.allowed and dict(view.gate.standings)[required[0]] == "needs_confirmation"
    # The SQL twin of the rule (lists, portfolio, readiness) agrees: they count as open.
    rows = initiative_listing.list_initiatives(
        session, user_id=people.admin.id, role=people.admin.role
    )
    assert next(r for r in rows if r.initiative.id == initiative.id).required_open == len(required)
    settle(session, people, initiative, Phase.STARTING_POINT)  # saving confirms
    view = initiative_queries.initiative_view(
        session, user=people.leader, initiative_id=initiative.id
    )
    assert view.gate.allowed


def test_recycle_from_the_starting_point_is_refused(
    session: Session, people: People, initiative: Initiative
) -> None:
    review = requested(session, people, initiative)
    with pytest.raises(errors.InvalidInput):
        reviews.decide(
            session,
            actor=people.support,
            review_id=review.id,
            outcome="recycle",
            rationale="Tillbaka",
        )


def test_conditional_go_advances_and_its_conditions_block_the_next_gate(
    session: Session, people: People, initiative: Initiative
) -> None:
    review = requested(session, people, initiative)
    with pytest.raises(errors.InvalidInput):  # a Conditional Go names its conditions
        reviews.decide(
            session,
            actor=people.support,
            review_id=review.id,
            outcome="conditional_go",
            rationale="Ja, men",
        )
    session.rollback()
    condition = reviews.ConditionInput("Skriv en avsiktsförklaring", "Lars Ledare", DUE)
    decided = reviews.decide(
        session,
        actor=people.support,
        review_id=review.id,
        outcome="conditional_go",
        rationale="Ja, men avsiktsförklaringen saknas.",
        conditions=[condition],
    )
    assert phase_of(session, initiative) is Phase.INITIATION
    assert [c.text for c in decided.conditions] == ["Skriv en avsiktsförklaring"]

    settle(session, people, initiative, Phase.INITIATION)
    with pytest.raises(TransitionRefused) as refused:
        initiatives.run_transition(
            session, actor=people.support, initiative_id=initiative.id, trigger=Trigger.ADVANCE
        )
    assert refused.value.refusal.missing == ()
    assert "condition" in refused.value.refusal.detail
    session.rollback()
    with pytest.raises(TransitionRefused):
        reviews.request_review(session, actor=people.leader, initiative_id=initiative.id)
    session.rollback()

    with pytest.raises(errors.Forbidden):
        reviews.close_condition(
            session, actor=people.leader, condition_id=decided.conditions[0].id, note="Klart"
        )
    session.rollback()
    reviews.close_condition(
        session,
        actor=people.support,
        condition_id=decided.conditions[0].id,
        note="Undertecknad 3 mars",
    )
    initiatives.run_transition(
        session, actor=people.support, initiative_id=initiative.id, trigger=Trigger.ADVANCE
    )
    assert phase_of(session, initiative) is Phase.PILOT


def test_go_is_refused_when_the_gate_closed_after_the_request(
    session: Session, people: People, initiative: Initiative
) -> None:
    review = requested(session, people, initiative)
    key = MODEL.required_items(Phase.STARTING_POINT)[0].key
    initiative_items.update_item(
        session,
        actor=people.admin,
        initiative_id=initiative.id,
        key=key,
        update=ItemUpdate(ItemStatus.OPEN),
    )
    with pytest.raises(TransitionRefused) as refused:
        reviews.decide(
            session, actor=people.support, review_id=review.id, outcome="go", rationale="Ja"
        )
    assert refused.value.refusal.missing == (key,)
    session.rollback()
    assert review_queries.open_review(session, initiative.id) is not None


def test_a_direct_advance_is_recorded_as_a_go_decision(
    session: Session, people: People, initiative: Initiative
) -> None:
    review = requested(session, people, initiative)
    transition = initiatives.run_transition(
        session, actor=people.support, initiative_id=initiative.id, trigger=Trigger.ADVANCE
    )
    decided = review_queries.gate_reviews(session, initiative.id)
    assert [(r.id, r.outcome, r.transition_id) for r in decided] == [
        (review.id, "go", transition.id)
    ]
    # Without a request, the advance creates its own decided review.
    settle(session, people, initiative, Phase.INITIATION)
    initiatives.run_transition(
        session,
        actor=people.support,
        initiative_id=initiative.id,
        trigger=Trigger.ADVANCE,
        reason="Beslut i styrgruppen",
    )
    latest = review_queries.gate_reviews(session, initiative.id)[0]
    assert latest.phase is Phase.INITIATION and latest.outcome == "go"
    assert latest.rationale == "Beslut i styrgruppen" and latest.snapshot is not None


def test_leaving_the_phase_another_way_withdraws_the_request(
    session: Session, people: People, initiative: Initiative
) -> None:
    settle(session, people, initiative, Phase.STARTING_POINT)
    initiatives.run_transition(
        session, actor=people.support, initiative_id=initiative.id, trigger=Trigger.ADVANCE
    )
    review = requested(session, people, initiative)
    initiatives.run_transition(
        session,
        actor=people.support,
        initiative_id=initiative.id,
        trigger=Trigger.STEP_BACK,
        reason="Förstudien räcker inte",
    )
    session.refresh(review)
    assert review.status == "withdrawn" and review.outcome is None
    with pytest.raises(errors.Conflict):
        reviews.decide(
            session, actor=people.support, review_id=review.id, outcome="go", rationale="Ja"
        )
    session.rollback()
    # Nothing blocks a new request from the phase it is in now.
    settle(session, people, initiative, Phase.STARTING_POINT)
    again = reviews.request_review(session, actor=people.leader, initiative_id=initiative.id)
    assert again.phase is Phase.STARTING_POINT
