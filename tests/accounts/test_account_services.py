"""Access that can be cut off: tokens expire and are revoked, a role change and a
deactivation end sessions and tokens, new passwords follow the policy (both databases)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app import errors
from app.accounts import queries as account_queries
from app.accounts import services as accounts
from app.accounts.passwords import token_digest
from app.domain.permissions import Role
from app.models.accounts import ApiToken
from app.models.audit import AuditEntry
from tests.conftest import PASSWORD, People


def _row(session: Session, token: str) -> ApiToken:
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == token_digest(token)))
    assert row is not None
    return row


def _actions(session: Session, since: int) -> list[str]:
    return list(
        session.scalars(
            select(AuditEntry.action).where(AuditEntry.seq > since).order_by(AuditEntry.seq)
        )
    )


def _last_seq(session: Session) -> int:
    return session.scalar(select(AuditEntry.seq).order_by(AuditEntry.seq.desc()).limit(1)) or 0


def test_a_token_expires_after_90_days_by_default_and_is_audited(
    session: Session, people: People
) -> None:
    start = _last_seq(session)
    token = accounts.create_token(session, email=people.leader.email, label="Rapportverktyg")
    row = _row(session, token)
    lifetime = row.expires_at - datetime.now(UTC)
    assert timedelta(days=89, hours=23) < lifetime <= timedelta(days=90)
    assert row.label == "Rapportverktyg" and row.last_used_at is None
    assert accounts.use_token(session, token) == people.leader
    assert _actions(session, start) == ["token.create"]

    short = accounts.create_token(session, email=people.leader.email, days=1)
    assert _row(session, short).expires_at - datetime.now(UTC) <= timedelta(days=1)
    with pytest.raises(errors.InvalidInput) as refused:
        accounts.create_token(session, email=people.leader.email, days=366)
    assert refused.value.code == "token_days"


def test_an_expired_token_answers_no_one(session: Session, people: People) -> None:
    token = accounts.create_token(session, email=people.support.email)
    row = _row(session, token)
    session.execute(
        update(ApiToken)
        .where(ApiToken.id == row.id)
        .values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
    )
    session.commit()
    assert accounts.use_token(session, token) is None
    assert account_queries.user_for_token(session, token) is None


def test_a_revoked_token_answers_no_one_at_once(session: Session, people: People) -> None:
    token = accounts.create_token(session, email=people.support.email)
    assert accounts.use_token(session, token) == people.support
    start = _last_seq(session)
    revoked = accounts.revoke_token(session, token_id=_row(session, token).id)
    assert revoked.revoked_at is not None
    assert accounts.use_token(session, token) is None
    assert _actions(session, start) == ["token.revoke"]
    with pytest.raises(errors.Conflict) as again:
        accounts.revoke_token(session, token_id=revoked.id)
    assert again.value.code == "token_already_revoked"
    with pytest.raises(errors.NotFound):
        accounts.revoke_token(session, token_id=revoked.id + 1000)


def test_the_last_use_is_noted_at_most_once_a_minute(session: Session, people: People) -> None:
    token = accounts.create_token(session, email=people.funder.email)
    accounts.use_token(session, token)
    first = _row(session, token).last_used_at
    assert first is not None and datetime.now(UTC) - first < timedelta(minutes=1)
    accounts.use_token(session, token)
    session.expire_all()
    assert _row(session, token).last_used_at == first
    # A minute later it moves on.
    session.execute(
        update(ApiToken)
        .where(ApiToken.token_hash == token_digest(token))
        .values(last_used_at=first - timedelta(minutes=2))
    )
    session.commit()
    accounts.use_token(session, token)
    session.expire_all()
    later = _row(session, token).last_used_at
    assert later is not None and later > first - timedelta(minutes=1)


def test_a_role_change_revokes_the_persons_tokens_and_ends_their_sessions(
    session: Session, people: People
) -> None:
    token = accounts.create_token(session, email=people.leader.email)
    other = accounts.create_token(session, email=people.support.email)
    version = people.leader.session_version
    accounts.set_role(session, email=people.leader.email, role=Role.FUNDER)
    session.refresh(people.leader)
    assert people.leader.session_version == version + 1
    # The token does not follow its owner into the new role; someone else's still works.
    assert accounts.use_token(session, token) is None
    assert accounts.use_token(session, other) == people.support
    entry = session.scalar(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1))
    assert entry is not None and entry.action == "user.role"
    assert entry.after == {"role": "funder", "tokens_revoked": 1}


def test_deactivation_ends_sessions_and_tokens_and_refuses_login_until_reactivated(
    session: Session, people: People
) -> None:
    token = accounts.create_token(session, email=people.leader.email)
    version = people.leader.session_version
    start = _last_seq(session)
    user, revoked = accounts.set_active(session, email=people.leader.email, active=False)
    session.refresh(user)
    assert not user.is_active and revoked == 1 and user.session_version == version + 1
    assert accounts.use_token(session, token) is None
    assert accounts.authenticate(session, email=user.email, password=PASSWORD) is None
    attempt = accounts.log_in(session, email=user.email, password=PASSWORD, client="192.0.2.1")
    assert attempt.user is None and attempt.refusal == "account_deactivated"
    with pytest.raises(errors.Conflict) as twice:
        accounts.set_active(session, email=user.email, active=False)
    assert twice.value.code == "user_already_deactivated"
    with pytest.raises(errors.Conflict):
        accounts.create_token(session, email=user.email)

    accounts.set_active(session, email=user.email, active=True)
    assert accounts.log_in(session, email=user.email, password=PASSWORD, client="192.0.2.1").user
    assert accounts.use_token(session, token) is None  # revoked for good
    assert _actions(session, start) == ["user.deactivate", "user.reactivate"]
    with pytest.raises(errors.NotFound):
        accounts.set_active(session, email="nobody@example.se", active=False)


def test_logging_out_moves_the_session_version_on(session: Session, people: People) -> None:
    version = people.funder.session_version
    start = _last_seq(session)
    accounts.end_sessions(session, user=people.funder)
    session.refresh(people.funder)
    assert people.funder.session_version == version + 1
    assert _actions(session, start) == ["user.logout"]


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("kort lösen", "password_too_short"),
        ("Vinter2026!x" * 90, "password_too_long"),
        ("Password2026", "password_too_common"),
    ],
)
def test_a_new_person_needs_a_password_the_policy_accepts(
    session: Session, password: str, code: str
) -> None:
    start = _last_seq(session)
    with pytest.raises(errors.InvalidInput) as refused:
        accounts.add_user(
            session, email="ny@example.se", name="Ny", role=Role.FUNDER, password=password
        )
    assert refused.value.code == code and refused.value.field == "password"
    assert account_queries.get_user_by_email(session, "ny@example.se") is None
    assert _last_seq(session) == start


def test_no_login_hashes_a_password_longer_than_the_cap(session: Session, people: People) -> None:
    attempt = accounts.log_in(
        session, email=people.admin.email, password="x" * 100_000, client="192.0.2.9"
    )
    assert attempt.user is None and attempt.refusal == "login_failed"
