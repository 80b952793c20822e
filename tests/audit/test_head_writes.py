"""The audit head as this process last wrote it (app.audit.head_writes): on PostgreSQL an
entry onto it is one statement; a head that another process moved, or that a rollback
left behind, is read in that same statement and chained onto, never forked, and costs no
statement more than reading the head first did."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from app.audit import log as audit_log
from app.db import make_engine, make_sessionmaker
from app.domain.items import ItemStatus, ItemUpdate
from app.domain.permissions import Role
from app.initiatives import items as initiative_items
from app.initiatives import services as initiatives
from app.models.accounts import User
from app.models.audit import AuditEntry
from app.phases import Phase, get_model
from tests.conftest import AUDIT_KEY, make_user, recorded_statements

pytestmark = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)


def _entry(session: Session, n: int) -> None:
    audit_log.record(
        session, actor="test", action="test.append", target_type="test", target_id=n,
        before={"n": n}, after={"n": n + 1},
    )  # fmt: skip


def _appended(sessions: sessionmaker[Session], n: int) -> list[str]:
    """The statements one entry took, committed."""
    with sessions() as session:
        engine = session.get_bind()
        with recorded_statements(engine) as statements:
            _entry(session, n)
            session.commit()
    return [" ".join(s.split()) for s in statements if "audit_" in s]


@pytest.fixture
def processes(committed_database_url: str) -> Iterator[list[sessionmaker[Session]]]:
    """Two engines on one database: what two worker processes each have."""
    engines = [make_engine(committed_database_url, queue_writers=False) for _ in range(2)]
    yield [make_sessionmaker(engine, audit_key=AUDIT_KEY) for engine in engines]
    for engine in engines:
        engine.dispose()


def _verified(sessions: sessionmaker[Session]) -> tuple[bool, int]:
    with sessions() as session:
        return audit_log.verify(session).ok, session.scalar(select(func.count(AuditEntry.seq))) or 0


def test_an_entry_onto_the_head_this_process_wrote_is_one_statement(
    processes: list[sessionmaker[Session]],
) -> None:
    ours, _ = processes
    first = _appended(ours, 0)  # no head yet, so none known: made, read, then written
    assert first[0].startswith("SELECT audit_head."), first
    for n in range(1, 4):
        (only,) = _appended(ours, n)
        assert only.startswith("WITH head AS (SELECT audit_head."), only
    assert _verified(ours) == (True, 4)


def test_a_head_another_process_moved_is_chained_onto_not_forked(
    processes: list[sessionmaker[Session]],
) -> None:
    ours, theirs = processes
    _appended(ours, 0)
    for n in range(1, 7):  # turn by turn: each finds the head moved by the other
        sessions = theirs if n % 2 else ours
        statements = _appended(sessions, n)
        if n > 1:  # the head was checked, found moved and handed back, then written
            assert len(statements) == 2, statements
            assert statements[0].startswith("WITH head AS"), statements
            assert statements[1].startswith("WITH appended AS (INSERT INTO audit_entries")
    assert _verified(ours) == (True, 7)


def test_a_head_a_rollback_left_behind_is_read_again(
    processes: list[sessionmaker[Session]],
) -> None:
    ours, _ = processes
    _appended(ours, 0)
    with ours() as session:
        _entry(session, 1)  # known now: seq 2, which the rollback undoes
        session.rollback()
    _appended(ours, 2)
    _appended(ours, 3)
    assert _verified(ours) == (True, 3)


def test_writers_of_many_processes_at_once_keep_one_chain(committed_database_url: str) -> None:
    """N engines (N processes), each having written the head once, then all at once behind
    a barrier, a few entries each: every entry lands, numbered without a gap or a fork."""
    writers, each = 8, 5
    engines: list[Engine] = [
        make_engine(committed_database_url, queue_writers=False) for _ in range(writers)
    ]
    makers = [make_sessionmaker(engine, audit_key=AUDIT_KEY) for engine in engines]
    try:
        for n, sessions in enumerate(makers):
            _appended(sessions, n)
        start = threading.Barrier(writers)
        failures: list[BaseException] = []

        def write(sessions: sessionmaker[Session]) -> None:
            try:
                start.wait(timeout=30)
                for n in range(each):
                    _appended(sessions, n)
            except BaseException as error:  # reported below
                failures.append(error)

        threads = [threading.Thread(target=write, args=(m,)) for m in makers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert failures == []
        assert _verified(makers[0]) == (True, writers * (each + 1))
    finally:
        for engine in engines:
            engine.dispose()


def test_an_item_saves_entry_rides_in_its_write_or_joins_after_it(
    processes: list[sessionmaker[Session]],
) -> None:
    """An item save's entry rides in the save's one write (app.audit.log.rider); when
    another process moved the head meanwhile, that write hands the head back, and the
    entry joins the chain onto it before the commit: one statement more, no fork."""
    ours, theirs = processes
    with ours() as session:
        admin = make_user(session, "admin-head@example.se", Role.ADMIN)
        created = initiatives.create_initiative(session, actor=admin, name="Huvud", region="R")
        admin_id, initiative_id = admin.id, created.id
    keys = [i.key for i in get_model().tickable_items if i.phase is Phase.STARTING_POINT]

    def save(sessions: sessionmaker[Session], n: int) -> list[str]:
        with sessions() as session:
            actor = session.get(User, admin_id)
            assert actor is not None
            with recorded_statements(session.get_bind()) as statements:
                initiative_items.update_item(
                    session, actor=actor, initiative_id=initiative_id, key=keys[n],
                    update=ItemUpdate(ItemStatus.NOT_APPLICABLE, justification=f"Nej {n}"),
                )  # fmt: skip
        return [" ".join(s.split()) for s in statements if "audit_head" in s]

    ridden = save(ours, 0)  # ours wrote the head last (the creation)
    assert len(ridden) == 1 and "stored AS (UPDATE phase_readiness" in ridden[0], ridden
    save(theirs, 1)  # theirs: its first, so it reads the head
    moved = save(ours, 2)  # the head moved under ours: handed back, then chained onto
    assert len(moved) == 2 and "stored AS (UPDATE phase_readiness" in moved[0], moved
    assert moved[1].startswith("WITH head AS"), moved
    assert len(save(ours, 3)) == 1
    with ours() as session:
        assert audit_log.verify(session).ok
        entries = session.scalars(
            select(AuditEntry.target_id).where(AuditEntry.action == "item.update")
        ).all()
    assert sorted(entries) == sorted(keys[:4])
