"""Every state-changing use-case appends its audit entry, in its own transaction."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app import errors
from app.access import services as access
from app.accounts import services as accounts
from app.actors import services as actor_services
from app.audit import log as audit_log
from app.domain.items import ItemStatus, ItemUpdate
from app.domain.permissions import Role
from app.domain.workflow import Trigger
from app.evidence import services as evidence_services
from app.evidence.storage import BlobStore
from app.initiatives import items as initiative_items
from app.initiatives import services as initiatives
from app.internationalisation import services as assessment_services
from app.models.audit import AuditEntry
from app.models.initiatives import Initiative
from app.phases import Phase, PhaseModel, get_model
from app.reviews import services as reviews
from app.versions.services import move_initiative_to_version
from tests.conftest import People
from tests.internationalisation.test_assessment_services import body

MODEL = get_model()


def actions_since(session: Session, seq: int) -> list[str]:
    return list(
        session.scalars(
            select(AuditEntry.action).where(AuditEntry.seq > seq).order_by(AuditEntry.seq)
        )
    )


def last_seq(session: Session) -> int:
    return session.scalar(select(AuditEntry.seq).order_by(AuditEntry.seq.desc()).limit(1)) or 0


def test_each_use_case_leaves_its_entry(
    session: Session, people: People, initiative: Initiative, derived: PhaseModel
) -> None:
    start = last_seq(session)
    iid = initiative.id
    accounts.add_user(
        session, email="ny@example.se", name="Ny", role=Role.FUNDER, password="ett långt lösenord"
    )
    access.add_member(session, actor=people.support, initiative_id=iid, email=people.outsider.email)
    access.remove_member(
        session, actor=people.support, initiative_id=iid, user_id=people.outsider.id
    )
    access.add_funder(session, actor=people.support, initiative_id=iid, email="ny@example.se")
    link, _token = access.create_auditor_link(
        session, actor=people.support, initiative_id=iid, label="Revisor", days=7
    )
    access.revoke_auditor_link(session, actor=people.support, link_id=link.id)
    piece = evidence_services.add_evidence(
        session,
        actor=people.leader,
        initiative_id=iid,
        key=MODEL.required_items(Phase.STARTING_POINT)[0].key,
        new=evidence_services.NewEvidence("note", note="Protokoll"),
        store=BlobStore(None),
        max_bytes=1,
    )
    evidence_services.withdraw_evidence(
        session, actor=people.leader, evidence_id=piece.id, reason="Fel"
    )
    for item in MODEL.required_items(Phase.STARTING_POINT):
        initiative_items.update_item(
            session,
            actor=people.admin,
            initiative_id=iid,
            key=item.key,
            update=ItemUpdate(ItemStatus.DONE, note="ok"),
        )
    review = reviews.request_review(session, actor=people.leader, initiative_id=iid)
    decided = reviews.decide(
        session,
        actor=people.support,
        review_id=review.id,
        outcome="conditional_go",
        rationale="Ja, men",
        conditions=[reviews.ConditionInput("Budget", "Lars", date.today() + timedelta(days=9))],
    )
    reviews.close_condition(
        session, actor=people.support, condition_id=decided.conditions[0].id, note="Klar"
    )
    initiatives.run_transition(
        session,
        actor=people.support,
        initiative_id=iid,
        trigger=Trigger.STEP_BACK,
        reason="Ompröva",
    )
    actor_services.add_actor(
        session,
        user=people.leader,
        initiative_id=iid,
        data=actor_services.validated(
            {"name": "Väveriet AB", "region": "VG", "type": "sme", "joined_on": "2026-01-01"}
        ),
    )
    assessment_services.record(
        session,
        user=people.support,
        initiative_id=iid,
        raw=body("2026-01-15", 3, [1, 2, 3, 4, None, 0], 2, 1),
    )
    move_initiative_to_version(
        session,
        actor=people.support,
        initiative_id=iid,
        to_version=derived.version,
        expected_from_version=MODEL.version,
    )

    ticks = len(MODEL.required_items(Phase.STARTING_POINT))
    assert actions_since(session, start) == [
        "user.add",
        "member.add",
        "member.remove",
        "funder.add",
        "auditor_link.create",
        "auditor_link.revoke",
        "evidence.add",
        "evidence.withdraw",
        *["item.update"] * ticks,
        "review.request",
        "transition.advance",
        "review.decide",
        "condition.add",
        "condition.close",
        "transition.step_back",
        "actor.add",
        "assessment.record",
        "model_version.move",
    ]
    assert audit_log.verify(session).ok


def test_a_refused_use_case_leaves_no_entry(
    session: Session, people: People, initiative: Initiative
) -> None:
    start = last_seq(session)
    with pytest.raises(errors.InvalidInput):
        initiative_items.update_item(
            session,
            actor=people.leader,
            initiative_id=initiative.id,
            key=MODEL.required_items(Phase.STARTING_POINT)[0].key,
            update=ItemUpdate(ItemStatus.NOT_APPLICABLE),
        )
    session.rollback()
    with pytest.raises(errors.Forbidden):
        access.add_funder(
            session, actor=people.leader, initiative_id=initiative.id, email=people.funder.email
        )
    session.rollback()
    assert actions_since(session, start) == []
