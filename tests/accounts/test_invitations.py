"""One-time links: an invitation lasts 7 days and a reset an hour; each works once and
says in its refusal why it no longer does (both databases)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app import clock, errors
from app.accounts import invitations, own
from app.accounts import queries as account_queries
from app.accounts import services as accounts
from app.domain.permissions import Role
from app.models.admin import Invitation, LinkPurpose
from app.models.audit import AuditEntry
from tests.conftest import PASSWORD, People

NEW_PASSWORD = "a brand new long passphrase"


def _audit(session: Session, action: str) -> AuditEntry:
    entry = session.scalar(
        select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.seq.desc())
    )
    assert entry is not None
    return entry


def test_an_invitation_creates_the_account_once(session: Session, people: People) -> None:
    token = invitations.invite(
        session, actor=people.admin, email="Nina@Example.se", name="Nina Ny", role=Role.SUPPORT
    )
    link = session.scalar(select(Invitation))
    assert link is not None and link.token_hash != token  # only a digest is kept
    assert link.expires_at - link.created_at == timedelta(days=7)
    assert _audit(session, "user.invite").actor_id == people.admin.id
    assert account_queries.get_user_by_email(session, "nina@example.se") is None

    with pytest.raises(errors.InvalidInput) as short:
        invitations.accept_invitation(session, token=token, password="short")
    assert short.value.code == "password_too_short"
    user = invitations.accept_invitation(session, token=token, password=NEW_PASSWORD)
    assert (user.email, user.name, user.role) == ("nina@example.se", "Nina Ny", Role.SUPPORT)
    assert accounts.authenticate(session, email=user.email, password=NEW_PASSWORD) is not None

    with pytest.raises(errors.Conflict) as used:
        invitations.accept_invitation(session, token=token, password=NEW_PASSWORD)
    assert used.value.code == "link_used"


def test_an_invitation_expires_after_7_days(session: Session, people: People) -> None:
    with clock.as_of(datetime.now(UTC) - timedelta(days=7, minutes=1)):
        token = invitations.invite(
            session, actor=people.admin, email="late@example.se", name="Late", role=Role.FUNDER
        )
    with pytest.raises(errors.Conflict) as expired:
        invitations.accept_invitation(session, token=token, password=NEW_PASSWORD)
    assert expired.value.code == "link_expired"
    with pytest.raises(errors.NotFound) as unknown:
        invitations.open_link(session, "kf_nothing", LinkPurpose.INVITE)
    assert unknown.value.code == "link_unknown"


def test_no_invitation_for_an_address_that_has_an_account(session: Session, people: People) -> None:
    with pytest.raises(errors.Conflict) as taken:
        invitations.invite(
            session, actor=people.admin, email=people.leader.email, name="X", role=Role.FUNDER
        )
    assert taken.value.code == "email_taken"


def test_a_reset_link_sets_a_password_once_and_ends_the_sessions(
    session: Session, people: People
) -> None:
    version = people.leader.session_version
    asked = invitations.request_reset(session, email="LEADER@example.se", client="10.0.0.1")
    assert asked.token is not None and asked.user is not None
    link = invitations.open_link(session, asked.token, LinkPurpose.RESET)
    assert link.expires_at - link.created_at == timedelta(hours=1)
    # A reset token is no invitation.
    with pytest.raises(errors.NotFound):
        invitations.open_link(session, asked.token, LinkPurpose.INVITE)

    invitations.reset_password(session, token=asked.token, password=NEW_PASSWORD)
    session.refresh(people.leader)
    assert people.leader.session_version == version + 1
    assert accounts.authenticate(session, email=people.leader.email, password=PASSWORD) is None
    assert accounts.authenticate(session, email=people.leader.email, password=NEW_PASSWORD)
    with pytest.raises(errors.Conflict):
        invitations.reset_password(session, token=asked.token, password=NEW_PASSWORD)


def test_a_reset_expires_after_an_hour(session: Session, people: People) -> None:
    with clock.as_of(datetime.now(UTC) - timedelta(minutes=61)):
        asked = invitations.request_reset(session, email=people.leader.email, client="10.0.0.1")
    assert asked.token is not None
    with pytest.raises(errors.Conflict) as expired:
        invitations.reset_password(session, token=asked.token, password=NEW_PASSWORD)
    assert expired.value.code == "link_expired"


def test_no_reset_for_an_unknown_or_deactivated_address_and_guessing_is_throttled(
    session: Session, people: People
) -> None:
    accounts.set_active(session, email=people.funder.email, active=False)
    assert (
        invitations.request_reset(session, email=people.funder.email, client="10.0.0.2").token
        is None
    )
    for n in range(12):
        asked = invitations.request_reset(session, email=f"nobody{n}@x.se", client="10.0.0.2")
        assert asked.token is None
    # The address guessed too often: even a real account gets no link from it for a while.
    assert (
        invitations.request_reset(session, email=people.leader.email, client="10.0.0.2").token
        is None
    )
    assert invitations.request_reset(session, email=people.leader.email, client="10.0.0.3").token


def test_changing_ones_password_needs_the_current_one(session: Session, people: People) -> None:
    version = people.leader.session_version
    with pytest.raises(errors.InvalidInput) as wrong:
        own.change_password(session, user=people.leader, current="not it at all", new=NEW_PASSWORD)
    assert wrong.value.code == "wrong_current_password"
    with pytest.raises(errors.InvalidInput) as common:
        own.change_password(session, user=people.leader, current=PASSWORD, new="password1234")
    assert common.value.code == "password_too_common"
    assert (
        own.change_password(session, user=people.leader, current=PASSWORD, new=NEW_PASSWORD)
        == version + 1
    )
    assert _audit(session, "user.password").actor_id == people.leader.id


def test_nobody_revokes_someone_elses_token(session: Session, people: People) -> None:
    token = own.create_own_token(session, user=people.leader, label="ci", days=30)
    row = account_queries.live_token(session, token)
    assert row is not None
    with pytest.raises(errors.NotFound):
        own.revoke_own_token(session, user=people.outsider, token_id=row.id)
    own.revoke_own_token(session, user=people.leader, token_id=row.id)
    assert account_queries.live_token(session, token) is None
