"""An uploaded file takes its place in the data directory only with the commit that
records it: a commit that fails leaves no orphan file; a process stopped between the
commit and the rename still serves the document."""

from __future__ import annotations

import hashlib
import secrets
from pathlib import Path

import pytest
from sqlalchemy import Engine, delete, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from app.db import make_sessionmaker
from app.domain.permissions import Role
from app.evidence import services as evidence_services
from app.evidence.services import NewEvidence
from app.evidence.storage import STAGED, BlobStore
from app.initiatives import services as initiatives
from app.models.access import Membership
from app.models.accounts import User
from app.models.evidence import EvidenceBlob
from app.models.initiatives import Initiative
from app.phases import Evidence as EvidenceKind
from app.phases import Phase, get_model
from tests.conftest import AUDIT_KEY, People, make_user
from tests.domain.test_evidence_rules import PDF

KEY = next(
    i.key
    for i in get_model().required_items(Phase.STARTING_POINT)
    if i.evidence is not EvidenceKind.NONE
)


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def _document(tag: str) -> bytes:
    return PDF + tag.encode()  # bytes no other test stores


def test_a_commit_that_fails_leaves_no_file(
    session: Session,
    people: People,
    initiative: Initiative,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def crash() -> None:
        raise RuntimeError("the commit failed")

    monkeypatch.setattr(session, "commit", crash)
    with pytest.raises(RuntimeError):
        evidence_services.add_evidence(
            session, actor=people.leader, initiative_id=initiative.id, key=KEY,
            new=NewEvidence("file", file_name="beslut.pdf", data=PDF),
            store=BlobStore(tmp_path), max_bytes=1_000_000,
        )  # fmt: skip
    monkeypatch.undo()
    assert _files(tmp_path) == []
    assert STAGED not in session.info


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_commit_postgresql_refuses_leaves_no_file(
    committed_engine: Engine, tmp_path: Path
) -> None:
    """The COMMIT itself fails (a deferred constraint, as a serialization failure or a lost
    connection would): no file of the refused upload stays behind."""
    sessions = make_sessionmaker(committed_engine, audit_key=AUDIT_KEY)
    tag = secrets.token_hex(4)
    with sessions() as setup:
        leader = make_user(setup, f"leader-{tag}@example.se", Role.LEADERSHIP)
        support = make_user(setup, f"support-{tag}@example.se", Role.SUPPORT)
        made = initiatives.create_initiative(setup, actor=support, name=f"Blob {tag}", region="R")
        setup.add(Membership(initiative_id=made.id, user_id=leader.id))
        setup.execute(text(
            "CREATE FUNCTION refuse_at_commit() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'refused at commit'; END $$"
        ))  # fmt: skip
        setup.execute(text(
            "CREATE CONSTRAINT TRIGGER refuse_at_commit AFTER INSERT ON evidence "
            "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION refuse_at_commit()"
        ))  # fmt: skip
        setup.commit()
        ids = (made.id, [leader.id, support.id])
    data = _document(tag)
    try:
        with sessions() as session:
            actor = session.get(User, ids[1][0])
            assert actor is not None
            with pytest.raises(DBAPIError, match="refused at commit"):
                evidence_services.add_evidence(
                    session, actor=actor, initiative_id=ids[0], key=KEY,
                    new=NewEvidence("file", file_name="beslut.pdf", data=data),
                    store=BlobStore(tmp_path), max_bytes=1_000_000,
                )  # fmt: skip
            assert session.get(EvidenceBlob, hashlib.sha256(data).hexdigest()) is None
        assert _files(tmp_path) == []
    finally:
        with sessions() as cleanup:
            cleanup.execute(text("DROP TRIGGER refuse_at_commit ON evidence"))
            cleanup.execute(text("DROP FUNCTION refuse_at_commit()"))
            cleanup.execute(delete(Initiative).where(Initiative.id == ids[0]))
            cleanup.execute(delete(User).where(User.id.in_(ids[1])))
            cleanup.commit()


def test_a_stop_between_commit_and_rename_still_serves_the_document(
    session: Session, people: People, initiative: Initiative, tmp_path: Path
) -> None:
    store = BlobStore(tmp_path)
    data = _document("crash")
    digest = store.put(session, data, "application/pdf")
    staged = session.info.pop(STAGED)  # as if the process stopped right after the commit
    session.commit()
    final = tmp_path / "evidence" / digest[:2] / digest
    assert not final.exists() and all(path.exists() for path, _ in staged)
    assert store.get(session, digest) == data
    assert final.read_bytes() == data and _files(tmp_path) == [final]


def test_a_recorded_blob_whose_file_went_missing_is_written_again(
    session: Session, people: People, initiative: Initiative, tmp_path: Path
) -> None:
    store = BlobStore(tmp_path)
    data = _document("heal")
    digest = store.put(session, data, "application/pdf")
    session.commit()
    final = tmp_path / "evidence" / digest[:2] / digest
    final.unlink()  # a restore without the data directory
    store.put(session, data, "application/pdf")
    session.commit()
    assert store.get(session, digest) == data
