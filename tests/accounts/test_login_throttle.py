"""Login throttling counted in the database: per address, per account and overall, and
never against an address that has not failed itself (both databases)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from app.accounts import rules
from app.accounts import services as accounts
from app.accounts.rules import ThrottlePolicy
from app.db import make_engine, make_sessionmaker
from app.models.accounts import LoginFailure
from tests.conftest import AUDIT_KEY, PASSWORD, People


def _fail(session: Session, email: str, client: str, times: int = 1) -> None:
    for _ in range(times):
        attempt = accounts.log_in(session, email=email, password="fel lösenord", client=client)
        assert attempt.refusal == "login_failed"


def _try(session: Session, email: str, client: str, **kw: ThrottlePolicy) -> str | None:
    attempt = accounts.log_in(session, email=email, password=PASSWORD, client=client, **kw)
    assert (attempt.user is None) == (attempt.refusal is not None)
    return attempt.refusal


def test_an_address_that_keeps_failing_is_refused_and_the_real_user_is_not(
    session: Session, people: People
) -> None:
    _fail(session, people.leader.email, "198.51.100.1", times=9)
    assert _try(session, people.leader.email, "198.51.100.1") is None  # nine typos: fine
    _fail(session, people.leader.email, "198.51.100.1")
    blocked = accounts.log_in(
        session, email=people.leader.email, password=PASSWORD, client="198.51.100.1"
    )
    assert blocked.refusal == "login_throttled" and blocked.retry_after == 15 * 60
    # Spraying other accounts from there is refused as well, before any password check.
    assert _try(session, people.support.email, "198.51.100.1") == "login_throttled"
    # The real user, from an address that has not failed, logs in.
    assert _try(session, people.leader.email, "203.0.113.50") is None


def test_an_account_under_attack_waits_only_for_addresses_that_failed(
    session: Session, people: People
) -> None:
    for n in range(6):  # a spray from six addresses, one guess each: five from elsewhere
        _fail(session, people.leader.email, f"198.51.100.{10 + n}")
    assert _try(session, people.leader.email, "198.51.100.10") == "login_throttled"
    # Another account from that address is not under attack.
    assert _try(session, people.support.email, "198.51.100.11") is None
    # The owner, from an address without failures, is never locked out.
    assert _try(session, people.leader.email, "203.0.113.51") is None
    assert _try(session, people.leader.email, "2001:db8:5::1") is None


def test_a_global_ceiling_caps_a_spray_from_many_addresses(
    session: Session, people: People
) -> None:
    policy = ThrottlePolicy(global_limit=3)
    _fail(session, "nobody1@example.se", "198.51.100.20")
    _fail(session, "nobody2@example.se", "198.51.100.21")
    assert _try(session, people.support.email, "198.51.100.20", policy=policy) is None
    _fail(session, "nobody3@example.se", "198.51.100.22")
    # Three failures overall: each failing address now waits, whichever account it tries.
    assert _try(session, people.support.email, "198.51.100.21", policy=policy) == (
        "login_throttled"
    )
    assert _try(session, people.support.email, "203.0.113.52", policy=policy) is None


def test_an_ipv6_attacker_cannot_rotate_within_its_network(
    session: Session, people: People
) -> None:
    for n in range(10):
        _fail(session, people.admin.email, f"2001:db8:7:7::{n + 1:x}")
    assert _try(session, people.admin.email, "2001:db8:7:7:ffff::1") == "login_throttled"
    assert _try(session, people.admin.email, "2001:db8:7:8::1") is None


def test_failures_older_than_the_window_neither_count_nor_stay(
    session: Session, people: People
) -> None:
    old = datetime.now(UTC) - timedelta(minutes=16)
    key = rules.client_key("198.51.100.30")
    account = rules.account_key(people.funder.email)
    session.add_all([LoginFailure(at=old, client=key, account=account) for _ in range(10)])
    session.commit()
    assert _try(session, people.funder.email, "198.51.100.30") is None
    _fail(session, people.funder.email, "198.51.100.31")
    stale = select(func.count()).select_from(LoginFailure).where(LoginFailure.at <= old)
    assert session.scalar(stale) == 0


def test_every_process_on_the_database_sees_the_same_failures(database_url: str) -> None:
    # Two engines stand for two app processes (or machines) on one database.
    first, second = make_engine(database_url), make_engine(database_url)
    client = "198.51.100.77"
    try:
        with make_sessionmaker(first, audit_key=AUDIT_KEY)() as session:
            _fail(session, "nobody@example.se", client, times=10)
        with make_sessionmaker(second, audit_key=AUDIT_KEY)() as session:
            assert _try(session, "nobody@example.se", client) == "login_throttled"
            assert _try(session, "nobody@example.se", "198.51.100.78") == "login_failed"
    finally:
        with first.begin() as connection:
            connection.execute(delete(LoginFailure))
        first.dispose()
        second.dispose()
