"""The HMAC-chained audit log on SQLite and PostgreSQL: appends verify; altered,
deleted and reordered rows are each detected; the log refuses UPDATE and DELETE."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from sqlalchemy import Table, func, select, text, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from app import cli, migrate
from app.access import services as access
from app.audit import log as audit_log
from app.audit.pack import public_key_hex
from app.db import make_engine, make_sessionmaker
from app.domain.permissions import Role
from app.models.access import Funding
from app.models.audit import AuditEntry, AuditHead
from app.models.initiatives import Initiative
from tests.conftest import AUDIT_KEY, People, make_user


def _append(session: Session, people: People, count: int) -> list[int]:
    seqs = []
    for number in range(count):
        entry = audit_log.record(
            session,
            actor=people.admin,
            action="test.append",
            target_type="test",
            target_id=number,
            before={"n": number},
            after={"n": number + 1},
        )
        seqs.append(entry.seq)
    session.commit()
    return seqs


def _allow_tampering(session: Session) -> None:
    """What someone with database access can do; undone by the test's rollback."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("ALTER TABLE audit_entries DISABLE TRIGGER USER"))
    else:
        session.execute(text("DROP TRIGGER audit_entries_no_update"))
        session.execute(text("DROP TRIGGER audit_entries_no_delete"))


def _fresh(session: Session) -> audit_log.Verification:
    session.expire_all()
    return audit_log.verify(session)


def test_appended_entries_form_a_chain_that_verifies(
    session: Session, people: People, initiative: Initiative
) -> None:
    seqs = _append(session, people, 3)
    rows = session.scalars(select(AuditEntry).order_by(AuditEntry.seq)).all()
    assert [r.seq for r in rows] == list(range(1, len(rows) + 1))
    assert seqs == [r.seq for r in rows[-3:]]
    assert all(later.prev_mac == earlier.mac for earlier, later in itertools.pairwise(rows))
    head = session.get(AuditHead, audit_log.HEAD_ID)
    assert head is not None and (head.seq, head.mac) == (rows[-1].seq, rows[-1].mac)
    assert audit_log.verify(session) == audit_log.Verification(True, len(rows), None)
    assert audit_log.verify(session).as_dict() == {
        "ok": True,
        "entries": len(rows),
        "first_broken": None,
    }


def test_the_log_refuses_update_and_delete(session: Session, people: People) -> None:
    seq = _append(session, people, 2)[0]
    for sql in (
        f"UPDATE audit_entries SET actor = 'mallory' WHERE seq = {seq}",
        f"DELETE FROM audit_entries WHERE seq = {seq}",
        "DELETE FROM audit_entries",
    ):
        with pytest.raises(DBAPIError), session.begin_nested():
            session.execute(text(sql))
    if session.get_bind().dialect.name == "postgresql":
        with pytest.raises(DBAPIError), session.begin_nested():
            session.execute(text("TRUNCATE audit_entries"))
    assert _fresh(session).ok
    assert session.scalar(select(AuditEntry.actor).where(AuditEntry.seq == seq)) != "mallory"


@pytest.mark.parametrize(
    ("column", "value"),
    [("actor", "'mallory@example.se'"), ("action", "'test.other'"), ("target_id", "'99'")],
)
def test_an_altered_entry_is_named(
    session: Session, people: People, column: str, value: str
) -> None:
    seqs = _append(session, people, 4)
    _allow_tampering(session)
    session.execute(text(f"UPDATE audit_entries SET {column} = {value} WHERE seq = {seqs[1]}"))
    result = _fresh(session)
    assert not result.ok
    assert result.first_broken == seqs[1]
    assert result.reason == "its content was changed"


def test_an_altered_before_and_after_is_named(session: Session, people: People) -> None:
    seqs = _append(session, people, 3)
    _allow_tampering(session)
    table = AuditEntry.__table__  # the table itself: a Core UPDATE, past the ORM
    assert isinstance(table, Table)
    session.execute(update(table).where(AuditEntry.seq == seqs[0]).values(after={"n": 1000}))
    assert _fresh(session).first_broken == seqs[0]


def test_a_deleted_middle_entry_is_detected(session: Session, people: People) -> None:
    seqs = _append(session, people, 4)
    _allow_tampering(session)
    session.execute(text(f"DELETE FROM audit_entries WHERE seq = {seqs[1]}"))
    result = _fresh(session)
    assert not result.ok
    assert result.first_broken == seqs[2]  # the first entry whose predecessor is gone
    assert result.reason == f"entry {seqs[1]} is missing"


def test_a_deleted_tail_is_detected_by_the_head(session: Session, people: People) -> None:
    seqs = _append(session, people, 3)
    _allow_tampering(session)
    session.execute(text(f"DELETE FROM audit_entries WHERE seq >= {seqs[1]}"))
    result = _fresh(session)
    assert not result.ok
    assert result.first_broken == seqs[1]
    assert result.reason == "the log ends before its recorded head"


def test_a_rewritten_head_is_detected(session: Session, people: People) -> None:
    # Cutting the tail and moving the head back without the key does not pass either.
    seqs = _append(session, people, 3)
    _allow_tampering(session)
    previous = session.scalar(select(AuditEntry.mac).where(AuditEntry.seq == seqs[1]))
    session.execute(text(f"DELETE FROM audit_entries WHERE seq = {seqs[2]}"))
    session.execute(
        text("UPDATE audit_head SET seq = :seq, mac = :mac").bindparams(seq=seqs[1], mac=previous)
    )
    result = _fresh(session)
    assert not result.ok
    assert result.first_broken == seqs[2]


def test_swapped_entries_are_detected(session: Session, people: People) -> None:
    seqs = _append(session, people, 4)
    a, b = seqs[1], seqs[2]
    _allow_tampering(session)
    for old, new in ((a, -1), (b, a), (-1, b)):
        session.execute(text(f"UPDATE audit_entries SET seq = {new} WHERE seq = {old}"))
    result = _fresh(session)
    assert not result.ok
    assert result.first_broken == a


def test_content_moved_between_rows_is_detected(session: Session, people: People) -> None:
    # Reorder by moving the content (MACs included) instead of the numbers.
    seqs = _append(session, people, 3)
    _allow_tampering(session)
    first, second = (
        session.execute(
            select(AuditEntry.target_id, AuditEntry.mac, AuditEntry.prev_mac).where(
                AuditEntry.seq == seq
            )
        ).one()
        for seq in seqs[:2]
    )
    for seq, row in ((seqs[0], second), (seqs[1], first)):
        session.execute(
            text(
                "UPDATE audit_entries SET target_id = :t, mac = :m, prev_mac = :p WHERE seq = :s"
            ).bindparams(t=row[0], m=row[1], p=row[2], s=seq)
        )
    result = _fresh(session)
    assert not result.ok
    assert result.first_broken == seqs[0]


def test_another_key_cannot_verify_or_extend_the_chain(session: Session, people: People) -> None:
    _append(session, people, 2)
    # Refused as another key, not reported as tampering, and nothing is appended with it.
    session.info["audit_key"] = "a guess"
    try:
        with pytest.raises(audit_log.WrongAuditKey, match="wrong audit key"):
            audit_log.verify(session)
        with pytest.raises(audit_log.WrongAuditKey, match="wrong audit key"):
            _append(session, people, 1)
    finally:
        session.info["audit_key"] = AUDIT_KEY
    session.rollback()
    assert audit_log.verify(session).ok
    # A row forged with another key (its fingerprint written into the head), even with the
    # right predecessor, breaks the chain; and the rewritten fingerprint does not pass the
    # chain's own key off as a wrong one.
    guess = audit_log.key_fingerprint(b"a guess")
    session.execute(update(AuditHead).values(key_fingerprint=guess))
    session.info["audit_key"] = "a guess"
    try:
        forged = _append(session, people, 1)[0]
    finally:
        session.info["audit_key"] = AUDIT_KEY
    result = audit_log.verify(session)
    assert not result.ok and result.first_broken == forged


def test_a_rewritten_key_fingerprint_reads_as_tampering(session: Session, people: People) -> None:
    _append(session, people, 2)
    session.execute(update(AuditHead).values(key_fingerprint="0" * 64))
    session.commit()
    result = audit_log.verify(session)
    assert not result.ok and result.reason == "the head was altered"
    assert result.first_broken == result.entries + 1


def test_a_change_and_its_entry_commit_or_roll_back_together(
    session: Session, people: People, initiative: Initiative, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = make_user(session, "funder2@example.se", Role.FUNDER, "Fia Fond")
    entries = session.scalar(select(func.count()).select_from(AuditEntry))

    def crash() -> None:
        raise RuntimeError("the server died before the commit")

    monkeypatch.setattr(session, "commit", crash)
    with pytest.raises(RuntimeError):
        access.add_funder(
            session, actor=people.support, initiative_id=initiative.id, email=other.email
        )
    monkeypatch.undo()
    session.rollback()
    assert session.get(Funding, (initiative.id, other.id)) is None
    assert session.scalar(select(func.count()).select_from(AuditEntry)) == entries
    assert audit_log.verify(session).ok

    access.add_funder(session, actor=people.support, initiative_id=initiative.id, email=other.email)
    last = session.scalar(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1))
    assert last is not None and last.action == "funder.add" and last.actor == people.support.email
    assert last.after == {"email": other.email, "name": "Fia Fond"}
    assert audit_log.verify(session).ok


# --- the console script ------------------------------------------------------


@pytest.fixture
def cli_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'audit.db'}"
    migrate.upgrade(url)
    monkeypatch.setenv("KLUSTERFAS_DATABASE_URL", url)
    monkeypatch.setenv("KLUSTERFAS_SECRET_KEY", "k")
    monkeypatch.setenv("KLUSTERFAS_AUDIT_KEY", AUDIT_KEY)
    return url


def test_cli_verify_says_ok_then_names_the_broken_entry(
    cli_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    engine = make_engine(cli_db)
    try:
        with make_sessionmaker(engine, audit_key=AUDIT_KEY)() as session:
            for number in range(3):
                audit_log.record(
                    session, actor="cli", action="test", target_type="t", target_id=number
                )
            session.commit()
        assert cli.main(["audit", "verify"]) == 0
        out = capsys.readouterr().out
        assert "ok: 3 entries" in out
        assert "head: 3 " in out
        with engine.begin() as connection:
            connection.execute(text("DROP TRIGGER audit_entries_no_update"))
            connection.execute(text("UPDATE audit_entries SET actor = 'x' WHERE seq = 2"))
    finally:
        engine.dispose()
    assert cli.main(["audit", "verify"]) == 1
    err = capsys.readouterr().err
    assert "broken: entry 2: its content was changed" in err


def test_cli_public_key_is_the_one_packs_embed(
    cli_db: str, capsys: pytest.CaptureFixture[str]
) -> None:

    assert cli.main(["audit", "public-key"]) == 0
    printed = capsys.readouterr().out.strip()
    assert printed == public_key_hex(AUDIT_KEY.encode())
    assert len(printed) == 64
    assert printed != public_key_hex(b"another key")
