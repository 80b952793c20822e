"""Evidence with a lifecycle, against SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from app import errors
from app.audit import log as audit_log
from app.domain.items import ItemStatus, ItemUpdate
from app.evidence import services as evidence_services
from app.evidence.services import NewEvidence
from app.evidence.storage import BlobStore
from app.initiatives import items as initiative_items
from app.initiatives import listing as initiative_listing
from app.initiatives import queries as initiative_queries
from app.models.accounts import User
from app.models.audit import AuditEntry
from app.models.evidence import Evidence, EvidenceBlob
from app.models.initiatives import Initiative
from app.models.readiness import PhaseReadiness
from app.phases import Evidence as EvidenceKind
from app.phases import Phase, get_model
from tests.conftest import People
from tests.domain.test_evidence_rules import PDF

MODEL = get_model()
TODAY = date.today()
LIMIT = 1_000_000
# A required starting-point result that asks for evidence.
KEY = next(
    i.key for i in MODEL.required_items(Phase.STARTING_POINT) if i.evidence is not EvidenceKind.NONE
)


def add(
    session: Session,
    people: People,
    initiative: Initiative,
    store: BlobStore,
    new: NewEvidence,
    actor: User | None = None,
) -> Evidence:
    return evidence_services.add_evidence(
        session,
        actor=actor or people.leader,
        initiative_id=initiative.id,
        key=KEY,
        new=new,
        store=store,
        max_bytes=LIMIT,
    )


def standing(session: Session, people: People, initiative: Initiative) -> str:
    view = initiative_queries.initiative_view(
        session, user=people.leader, initiative_id=initiative.id
    )
    return view.phase_state.standings[KEY]


def test_a_document_alone_is_evidence_enough_to_tick(
    session: Session, people: People, initiative: Initiative, tmp_path: Path
) -> None:
    store = BlobStore(tmp_path)
    with pytest.raises(errors.InvalidInput):
        initiative_items.update_item(
            session,
            actor=people.leader,
            initiative_id=initiative.id,
            key=KEY,
            update=ItemUpdate(ItemStatus.DONE),
        )
    session.rollback()
    row = add(
        session,
        people,
        initiative,
        store,
        NewEvidence("file", file_name="protokoll.pdf", data=PDF, note="Styrgruppens protokoll"),
    )
    initiative_items.update_item(
        session,
        actor=people.leader,
        initiative_id=initiative.id,
        key=KEY,
        update=ItemUpdate(ItemStatus.DONE),
    )
    assert standing(session, people, initiative) == "done"
    digest = hashlib.sha256(PDF).hexdigest()
    assert row.file_sha256 == digest and row.media_type == "application/pdf"
    # Stored content-addressed on disk; the database keeps only the hash.
    assert (tmp_path / "evidence" / digest[:2] / digest).read_bytes() == PDF
    blob = session.get(EvidenceBlob, digest)
    assert blob is not None and blob.content is None
    assert store.get(session, digest) == PDF


def test_the_same_bytes_are_stored_once_and_can_live_in_the_database(
    session: Session, people: People, initiative: Initiative
) -> None:
    store = BlobStore(None)
    for name in ("a.pdf", "b.pdf"):
        add(session, people, initiative, store, NewEvidence("file", file_name=name, data=PDF))
    digest = hashlib.sha256(PDF).hexdigest()
    assert session.scalar(select(func.count()).select_from(EvidenceBlob)) == 1
    blob = session.get(EvidenceBlob, digest)
    assert blob is not None and blob.content == PDF


def test_bad_uploads_are_refused_and_nothing_is_stored(
    session: Session, people: People, initiative: Initiative, tmp_path: Path
) -> None:
    store = BlobStore(tmp_path)
    cases = [
        (NewEvidence("file", file_name="beslut.pdf", data=b"MZ\x90\x00 not a pdf"), "file"),
        (NewEvidence("file", file_name="beslut.pdf", data=PDF + b"0" * LIMIT), "file"),
        (NewEvidence("link", url="ftp://example.se/x"), "url"),
        (NewEvidence("note", note="  "), "note"),
        (
            NewEvidence("note", note="x", effective_on=TODAY, expires_on=TODAY - timedelta(1)),
            "expires_on",
        ),
        (NewEvidence("video", note="x"), "kind"),
    ]
    for new, field in cases:
        with pytest.raises(errors.InvalidInput) as error:
            add(session, people, initiative, store, new)
        assert error.value.field == field
        session.rollback()
    assert session.scalar(select(func.count()).select_from(Evidence)) == 0
    assert not (tmp_path / "evidence").exists()


def test_expired_evidence_turns_the_item_into_needs_renewal(
    session: Session, people: People, initiative: Initiative
) -> None:
    store = BlobStore(None)
    row = add(
        session,
        people,
        initiative,
        store,
        NewEvidence(
            "link",
            url="https://example.se/avsikt.pdf",
            effective_on=TODAY - timedelta(days=400),
            expires_on=TODAY + timedelta(days=10),
        ),
    )
    initiative_items.update_item(
        session,
        actor=people.leader,
        initiative_id=initiative.id,
        key=KEY,
        update=ItemUpdate(ItemStatus.DONE),
    )
    assert standing(session, people, initiative) == "done"
    # Time passes: the expiry date is now behind us, and so is the day until which the
    # stored figures held (app/readiness keeps it: the date of the first expiry).
    session.execute(
        update(Evidence).where(Evidence.id == row.id).values(expires_on=TODAY - timedelta(days=1))
    )
    session.execute(
        update(PhaseReadiness)
        .where(PhaseReadiness.initiative_id == initiative.id)
        .values(renewal_due_on=TODAY - timedelta(days=1))
    )
    session.commit()
    session.expire_all()
    view = initiative_queries.initiative_view(
        session, user=people.leader, initiative_id=initiative.id
    )
    assert view.phase_state.standings[KEY] == "needs_renewal"
    assert KEY in view.gate.missing and dict(view.gate.standings)[KEY] == "needs_renewal"
    rows = initiative_listing.list_initiatives(
        session, user_id=people.admin.id, role=people.admin.role
    )
    assert rows[0].required_open == len(MODEL.required_items(Phase.STARTING_POINT))
    # Renewing it: new evidence in force.
    add(session, people, initiative, store, NewEvidence("note", note="Förnyad avsiktsförklaring"))
    assert standing(session, people, initiative) == "done"


def test_withdrawn_evidence_stays_on_record(
    session: Session, people: People, initiative: Initiative
) -> None:
    row = add(session, people, initiative, BlobStore(None), NewEvidence("note", note="Fel fil"))
    with pytest.raises(errors.InvalidInput):
        evidence_services.withdraw_evidence(
            session, actor=people.leader, evidence_id=row.id, reason=" "
        )
    session.rollback()
    evidence_services.withdraw_evidence(
        session, actor=people.leader, evidence_id=row.id, reason="Fel"
    )
    session.refresh(row)
    assert row.withdrawn_at is not None and row.withdrawal_reason == "Fel"
    with pytest.raises(errors.Conflict):
        evidence_services.withdraw_evidence(
            session, actor=people.leader, evidence_id=row.id, reason="Igen"
        )
    actions = session.scalars(select(AuditEntry.action).order_by(AuditEntry.seq)).all()
    assert actions[-2:] == ["evidence.add", "evidence.withdraw"]
    assert audit_log.verify(session).ok


def test_who_may_add_evidence(session: Session, people: People, initiative: Initiative) -> None:
    store = BlobStore(None)
    new = NewEvidence("note", note="x")
    for user, error in (
        (people.funder, errors.Forbidden),
        (people.support, errors.Forbidden),
        (people.outsider, errors.NotFound),
    ):
        with pytest.raises(error):
            add(session, people, initiative, store, new, actor=user)
        session.rollback()
    pilot_key = MODEL.required_items(Phase.PILOT)[0].key
    with pytest.raises(errors.Conflict):  # not the current phase
        evidence_services.add_evidence(
            session,
            actor=people.leader,
            initiative_id=initiative.id,
            key=pilot_key,
            new=new,
            store=store,
            max_bytes=LIMIT,
        )
