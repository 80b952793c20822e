"""Job leases on both databases: taking, renewing, expiry, release, and a race of 20."""

from __future__ import annotations

import secrets
import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, delete, select
from sqlalchemy.orm import Session

from app.db import make_engine, make_sessionmaker
from app.jobs import queries, services
from app.models.audit import AuditEntry
from app.models.jobs import JobLease
from tests.conftest import AUDIT_KEY

HOUR = timedelta(hours=1)


@pytest.fixture
def job_name() -> str:
    return f"test-{secrets.token_hex(4)}"  # a job of this test's own


def test_one_holder_at_a_time_until_it_runs_out(session: Session, job_name: str) -> None:
    now = datetime(2026, 11, 30, 7, 0, tzinfo=UTC)
    first = services.acquire(session, name=job_name, holder="a", hold=HOUR, now=now)
    assert first is not None and first.expires_at == now + HOUR
    assert services.acquire(session, name=job_name, holder="b", hold=HOUR, now=now) is None
    renewed = services.acquire(session, name=job_name, holder="a", hold=2 * HOUR, now=now)
    assert renewed is not None and renewed.expires_at == now + 2 * HOUR
    later = now + 2 * HOUR
    taken = services.acquire(session, name=job_name, holder="b", hold=HOUR, now=later)
    assert taken is not None
    lease = queries.current_lease(session, job_name)
    assert lease is not None and lease.holder == "b"
    entries = session.scalars(
        select(AuditEntry).where(AuditEntry.target_id == job_name).order_by(AuditEntry.seq)
    ).all()
    assert [(e.action, e.after["holder"]) for e in entries] == [
        ("job.lease", "a"),
        ("job.lease", "a"),
        ("job.lease", "b"),
    ]


def test_release_lets_another_take_it_but_only_the_holder_releases(
    session: Session, job_name: str
) -> None:
    assert services.acquire(session, name=job_name, holder="a", hold=HOUR)
    assert services.release(session, name=job_name, holder="b") is False
    assert services.acquire(session, name=job_name, holder="b", hold=HOUR) is None
    assert services.release(session, name=job_name, holder="a") is True
    assert services.acquire(session, name=job_name, holder="b", hold=HOUR) is not None


def test_a_failed_run_gives_the_lease_back_a_good_one_keeps_it(
    session: Session, job_name: str
) -> None:
    def fail() -> int:
        raise OSError("the SMTP server is down")

    with pytest.raises(OSError, match="SMTP"):
        services.run_exclusive(session, name=job_name, hold=HOUR, job=fail, holder="a")
    assert queries.current_lease(session, job_name) is None
    run = services.run_exclusive(session, name=job_name, hold=HOUR, job=lambda: 7, holder="b")
    assert run.ran and run.result == 7
    again = services.run_exclusive(session, name=job_name, hold=HOUR, job=lambda: 8, holder="c")
    assert not again.ran and again.lease is not None and again.lease.holder == "b"


RACERS = 20


def test_of_twenty_nodes_starting_the_job_at_once_exactly_one_runs_it(
    committed_database_url: str, job_name: str
) -> None:
    # Committed data and a connection per racer: the rollback fixture would serialise them.
    engine = make_engine(
        committed_database_url, queue_writers=False, pool_size=RACERS, max_overflow=0
    )
    try:
        winners, ran = _race(engine, job_name)
        assert winners == 1 and len(ran) == 1
        with Session(engine) as session:
            lease = queries.current_lease(session, job_name)
            assert lease is not None and lease.holder == ran[0]
    finally:
        with Session(engine) as session, session.begin():
            session.execute(delete(JobLease).where(JobLease.name == job_name))
        engine.dispose()


def _race(engine: Engine, job_name: str) -> tuple[int, list[str]]:
    """RACERS threads start the job at the same moment; (how many ran it, who)."""
    sessions = make_sessionmaker(engine, audit_key=AUDIT_KEY)
    start = threading.Barrier(RACERS)
    ran: list[str] = []
    outcomes: list[bool | BaseException] = [False] * RACERS

    def node(index: int) -> None:
        holder = f"node-{index}"
        try:
            with sessions() as session:
                session.connection()  # connect before the start, so all begin together
                start.wait(timeout=30)
                run = services.run_exclusive(
                    session,
                    name=job_name,
                    hold=HOUR,
                    job=lambda: ran.append(holder),
                    holder=holder,
                )
                outcomes[index] = run.ran
        except BaseException as error:  # reported below, not lost in the thread
            outcomes[index] = error

    threads = [threading.Thread(target=node, args=(i,)) for i in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    errors = [o for o in outcomes if isinstance(o, BaseException)]
    assert errors == []
    return outcomes.count(True), ran
