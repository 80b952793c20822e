"""Evidence shared across items: one piece attached to further items of its initiative
counts, and expires, for each; attaching and detaching are refused where they must be,
and audited. Against SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from app import errors
from app.domain.items import ItemStatus, ItemUpdate
from app.evidence import queries as evidence_queries
from app.evidence import services as evidence_services
from app.evidence import sharing
from app.evidence.services import NewEvidence
from app.evidence.storage import BlobStore
from app.initiatives import items as initiative_items
from app.initiatives import listing as initiative_listing
from app.initiatives import queries as initiative_queries
from app.initiatives import services as initiatives
from app.models.audit import AuditEntry
from app.models.evidence import Evidence, EvidenceLink
from app.models.initiatives import Initiative
from app.models.readiness import PhaseReadiness
from app.phases import Phase, get_model
from app.readiness import services as readiness
from app.readiness.queries import check
from tests.conftest import People

TODAY = date.today()
MODEL = get_model()
# Two required starting-point results that each ask for evidence.
FIRST, SECOND, THIRD = (i.key for i in MODEL.required_items(Phase.STARTING_POINT)[:3])


def _add(session: Session, people: People, initiative: Initiative, key: str = FIRST) -> Evidence:
    return evidence_services.add_evidence(
        session, actor=people.leader, initiative_id=initiative.id, key=key,
        new=NewEvidence("note", note="Handlingsplan 2027", expires_on=TODAY + timedelta(days=90)),
        store=BlobStore(None), max_bytes=1000,
    )  # fmt: skip


def _attach(
    session: Session, people: People, initiative: Initiative, row: Evidence, key: str
) -> EvidenceLink:
    return sharing.attach_evidence(
        session, actor=people.leader, initiative_id=initiative.id, evidence_id=row.id, key=key
    )


def _tick(session: Session, people: People, initiative: Initiative, key: str) -> None:
    initiative_items.update_item(
        session, actor=people.leader, initiative_id=initiative.id, key=key,
        update=ItemUpdate(ItemStatus.DONE),
    )  # fmt: skip


def _standings(session: Session, people: People, initiative: Initiative) -> dict[str, str]:
    session.expire_all()
    view = initiative_queries.initiative_view(
        session, user=people.leader, initiative_id=initiative.id
    )
    return {k: str(v) for k, v in view.phase_state.standings.items()}


def _stored(session: Session, initiative: Initiative) -> PhaseReadiness:
    row = session.get(PhaseReadiness, (initiative.id, Phase.STARTING_POINT), populate_existing=True)
    assert row is not None
    return row


def test_evidence_attached_to_two_items_counts_for_both(
    session: Session, people: People, initiative: Initiative
) -> None:
    row = _add(session, people, initiative)
    link = _attach(session, people, initiative, row, SECOND)
    assert link.item_key == SECOND and link.attached_by_id == people.leader.id
    # The second item takes a tick on the first item's piece (it asks for evidence).
    _tick(session, people, initiative, FIRST)
    _tick(session, people, initiative, SECOND)
    standings = _standings(session, people, initiative)
    assert standings[FIRST] == standings[SECOND] == "done"
    stored = _stored(session, initiative)
    assert stored.done == 2 and stored.needs_renewal == 0
    # The stored figures hold until the shared piece expires, for both items.
    assert stored.renewal_due_on == TODAY + timedelta(days=90)
    assert list(check(session, TODAY)) == []
    rows = initiative_listing.list_initiatives(
        session, user_id=people.admin.id, role=people.admin.role
    )
    required = len(MODEL.required_items(Phase.STARTING_POINT))
    assert rows[0].required_open == required - 2
    by_key = evidence_queries.evidence(session, initiative.id)
    assert by_key[FIRST] == by_key[SECOND] == [row]
    assert evidence_queries.evidence(session, initiative.id, key=SECOND) == {SECOND: [row]}
    assert evidence_queries.served_by(by_key) == {row.id: [FIRST, SECOND]}
    assert evidence_queries.served_keys(session, row.id, initiative_id=initiative.id) == [
        FIRST,
        SECOND,
    ]


def test_a_shared_piece_expires_for_each_item_it_serves(
    session: Session, people: People, initiative: Initiative
) -> None:
    row = _add(session, people, initiative)
    _attach(session, people, initiative, row, SECOND)
    _tick(session, people, initiative, FIRST)
    _tick(session, people, initiative, SECOND)
    session.execute(
        update(Evidence).where(Evidence.id == row.id).values(expires_on=TODAY - timedelta(1))
    )
    session.commit()
    readiness.recompute(session, initiative.id)
    standings = _standings(session, people, initiative)
    assert standings[FIRST] == standings[SECOND] == "needs_renewal"
    stored = _stored(session, initiative)
    assert stored.needs_renewal == 2 and stored.done == 0
    assert list(check(session, TODAY)) == []
    rows = initiative_listing.list_initiatives(
        session, user_id=people.admin.id, role=people.admin.role
    )
    assert rows[0].required_open == len(MODEL.required_items(Phase.STARTING_POINT))


def test_withdrawing_a_shared_piece_takes_it_from_every_item(
    session: Session, people: People, initiative: Initiative
) -> None:
    row = _add(session, people, initiative)
    _attach(session, people, initiative, row, SECOND)
    evidence_services.withdraw_evidence(
        session, actor=people.leader, evidence_id=row.id, reason="Fel version"
    )
    with pytest.raises(errors.InvalidInput) as refused:
        _tick(session, people, initiative, SECOND)  # no evidence left for it
    assert refused.value.code == "evidence_required"
    session.rollback()
    with pytest.raises(errors.Conflict) as again:
        _attach(session, people, initiative, row, THIRD)
    assert again.value.code == "evidence_already_withdrawn"


def test_detaching_stops_it_counting_and_both_are_audited(
    session: Session, people: People, initiative: Initiative
) -> None:
    row = _add(session, people, initiative)
    _attach(session, people, initiative, row, SECOND)
    sharing.detach_evidence(
        session, actor=people.leader, initiative_id=initiative.id, evidence_id=row.id, key=SECOND
    )
    assert session.scalars(select(EvidenceLink)).all() == []
    assert SECOND not in evidence_queries.evidence(session, initiative.id)
    actions = session.scalars(
        select(AuditEntry.action)
        .where(AuditEntry.target_type == "evidence")
        .order_by(AuditEntry.seq)
    ).all()
    assert actions == ["evidence.add", "evidence.attach", "evidence.detach"]
    entries = session.scalars(
        select(AuditEntry).where(AuditEntry.action.in_(["evidence.attach", "evidence.detach"]))
    ).all()
    attached, detached = sorted(entries, key=lambda e: e.seq)
    assert attached.after == detached.before == {"item": SECOND, "own_item": FIRST}
    with pytest.raises(errors.NotFound) as gone:
        sharing.detach_evidence(
            session, actor=people.leader, initiative_id=initiative.id, evidence_id=row.id,
            key=SECOND,
        )  # fmt: skip
    assert gone.value.code == "not_attached"
    session.rollback()
    with pytest.raises(errors.Conflict) as own:
        sharing.detach_evidence(
            session, actor=people.leader, initiative_id=initiative.id, evidence_id=row.id,
            key=FIRST,
        )  # fmt: skip
    assert own.value.code == "evidence_own_item"


def test_attaching_is_refused_where_it_must_be(
    session: Session, people: People, initiative: Initiative
) -> None:
    row = _add(session, people, initiative)
    other = initiatives.create_initiative(session, actor=people.support, name="Annan", region="R")

    def refused(kind: type[errors.Refused], key: str, **kw: object) -> errors.Refused:
        with pytest.raises(kind) as error:
            sharing.attach_evidence(
                session, actor=kw.get("actor", people.leader),  # type: ignore[arg-type]
                initiative_id=kw.get("initiative_id", initiative.id),  # type: ignore[arg-type]
                evidence_id=kw.get("evidence_id", row.id), key=key,  # type: ignore[arg-type]
            )  # fmt: skip
        session.rollback()
        return error.value

    for key in (FIRST, SECOND):  # its own item, and twice
        if key == SECOND:
            _attach(session, people, initiative, row, SECOND)
        assert refused(errors.Conflict, key).code == "evidence_already_attached"
    unknown = refused(errors.InvalidInput, "starting_point.results.nothing")
    assert (unknown.code, unknown.field) == ("unknown_item", "item_key")  # type: ignore[attr-defined]
    later = refused(errors.Conflict, "initiation.results.plan_with_milestones")
    assert later.code == "not_current_phase"
    elsewhere = refused(errors.InvalidInput, THIRD, actor=people.support, initiative_id=other.id)
    assert elsewhere.code == "evidence_of_other_initiative"
    assert elsewhere.field == "evidence_id"  # type: ignore[attr-defined]
    # Someone who may not see the piece's initiative learns nothing of it.
    assert refused(errors.NotFound, THIRD, actor=people.outsider).code == "not_found"
    assert refused(errors.NotFound, THIRD, evidence_id=row.id + 999).code == "unknown_evidence"
    assert refused(errors.Forbidden, THIRD, actor=people.funder).code != ""


def test_a_heading_takes_no_evidence(
    session: Session, people: People, initiative: Initiative
) -> None:
    v2 = get_model("klusterutveckling/2")
    heading = next(h for h in v2.headings if h.phase is Phase.INITIATION)
    session.execute(
        update(Initiative)
        .where(Initiative.id == initiative.id)
        .values(model_version=v2.version, phase=Phase.INITIATION)
    )
    session.commit()
    session.expire_all()
    with pytest.raises(errors.InvalidInput) as added:
        _add(session, people, initiative, key=heading.key)
    assert (added.value.code, added.value.field) == ("heading_takes_no_evidence", "key")
    session.rollback()
    tickable = next(
        i
        for i in v2.tickable_items
        if i.phase is Phase.INITIATION and i.category is heading.category
    )
    row = _add(session, people, initiative, key=tickable.key)
    with pytest.raises(errors.InvalidInput) as attached:
        _attach(session, people, initiative, row, heading.key)
    assert (attached.value.code, attached.value.field) == ("heading_takes_no_evidence", "item_key")


def test_one_action_plan_serves_the_three_items_that_ask_for_it(
    session: Session, people: People, initiative: Initiative
) -> None:
    plans = (
        "initiation.events.action_plan",
        "initiation.results.plan_with_milestones",
        "initiation.leadership.draft_action_plan",
    )
    session.execute(
        update(Initiative).where(Initiative.id == initiative.id).values(phase=Phase.INITIATION)
    )
    session.commit()
    readiness.recompute(session, initiative.id)
    row = evidence_services.add_evidence(
        session, actor=people.leader, initiative_id=initiative.id, key=plans[0],
        new=NewEvidence("link", url="https://example.se/handlingsplan-2027.pdf"),
        store=BlobStore(None), max_bytes=1000,
    )  # fmt: skip
    for key in plans[1:]:
        _attach(session, people, initiative, row, key)
    for key in plans:
        _tick(session, people, initiative, key)
    standings = _standings(session, people, initiative)
    assert [standings[k] for k in plans] == ["done"] * 3
    stored = session.get(PhaseReadiness, (initiative.id, Phase.INITIATION), populate_existing=True)
    assert stored is not None and stored.done == 3
    assert list(check(session, TODAY)) == []
    assert session.scalar(select(func.count()).select_from(Evidence)) == 1
