"""An admin withdraws a pending invitation (audited); its link then refuses in words, and
an invitation accepted meanwhile stays accepted (both databases)."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app import errors
from app.accounts import invitations
from app.accounts import queries as account_queries
from app.domain.permissions import Role
from app.models.admin import Invitation, LinkPurpose
from app.models.audit import AuditEntry
from tests.conftest import People

PASSWORD = "a brand new long passphrase"


def _invite(session: Session, people: People) -> tuple[str, Invitation]:
    token = invitations.invite(
        session, actor=people.admin, email="nina@example.se", name="Nina Ny", role=Role.FUNDER
    )
    link = session.scalars(select(Invitation)).one()
    return token, link


def test_a_withdrawn_invitation_is_no_longer_pending_nor_usable(
    session: Session, people: People
) -> None:
    token, link = _invite(session, people)
    assert invitations.pending_invitations(session) == [link]
    invitations.withdraw_invitation(session, actor=people.admin, invitation_id=link.id)
    assert link.withdrawn_at is not None
    assert invitations.pending_invitations(session) == []
    entry = session.scalars(
        select(AuditEntry).where(AuditEntry.action == "user.invite_withdraw")
    ).one()
    assert (entry.actor_id, entry.target_id) == (people.admin.id, "nina@example.se")
    with pytest.raises(errors.Conflict) as refused:
        invitations.open_link(session, token, LinkPurpose.INVITE)
    assert refused.value.code == "link_withdrawn"
    with pytest.raises(errors.Conflict) as accepted:
        invitations.accept_invitation(session, token=token, password=PASSWORD)
    assert accepted.value.code == "link_withdrawn"
    assert account_queries.get_user_by_email(session, "nina@example.se") is None
    with pytest.raises(errors.Conflict) as twice:
        invitations.withdraw_invitation(session, actor=people.admin, invitation_id=link.id)
    assert twice.value.code == "invitation_withdrawn"


def test_an_accepted_invitation_cannot_be_withdrawn(session: Session, people: People) -> None:
    token, link = _invite(session, people)
    invitations.accept_invitation(session, token=token, password=PASSWORD)
    with pytest.raises(errors.Conflict) as refused:
        invitations.withdraw_invitation(session, actor=people.admin, invitation_id=link.id)
    assert refused.value.code == "invitation_accepted"
    assert link.withdrawn_at is None


def test_only_admins_withdraw_and_only_invitations(session: Session, people: People) -> None:
    _token, link = _invite(session, people)
    with pytest.raises(errors.Forbidden):
        invitations.withdraw_invitation(session, actor=people.support, invitation_id=link.id)
    asked = invitations.request_reset(session, email=people.leader.email, client="192.0.2.9")
    assert asked.token is not None
    reset = invitations.find_link(session, asked.token, LinkPurpose.RESET)
    with pytest.raises(errors.NotFound):
        invitations.withdraw_invitation(session, actor=people.admin, invitation_id=reset.id)
    with pytest.raises(errors.NotFound):
        invitations.withdraw_invitation(session, actor=people.admin, invitation_id=999_999)
    assert link.withdrawn_at is None
