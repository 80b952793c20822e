"""One-time links by e-mail: an admin's invitation (7 days) and a password reset (1 hour).
Only a digest of each token is stored; a link works once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import CursorResult, select, update
from sqlalchemy.orm import Session

from app import clock
from app.accounts import passwords, rules
from app.accounts import queries as account_queries
from app.accounts.services import new_person, throttle
from app.domain.permissions import Role
from app.errors import Conflict, Forbidden, NotFound
from app.models.accounts import LoginFailure, User
from app.models.admin import Invitation, LinkPurpose
from app.records import record_audit
from app.uow import unit_of_work

INVITATION_LIFETIME = timedelta(days=7)
RESET_LIFETIME = timedelta(hours=1)


def link_state(link: Invitation, now: datetime) -> str:
    """ "open", "used", "withdrawn" or "expired" (in that order: each says more than the next)."""
    if link.used_at is not None:
        return "used"
    if link.withdrawn_at is not None:
        return "withdrawn"
    return "expired" if link.expires_at <= now else "open"


def find_link(session: Session, token: str, purpose: LinkPurpose) -> Invitation:
    link = session.scalar(
        select(Invitation).where(
            Invitation.token_hash == passwords.token_digest(token), Invitation.purpose == purpose
        )
    )
    if link is None:
        raise NotFound("This link is not known.", code="link_unknown")
    return link


# Why a link may no longer be used, by its state.
REFUSALS = {
    "used": ("This link has already been used.", "link_used"),
    "withdrawn": ("This invitation was withdrawn.", "link_withdrawn"),
    "expired": ("This link has expired.", "link_expired"),
}


def _refusal(state: str) -> Conflict:
    message, code = REFUSALS[state]
    return Conflict(message, code=code)


def open_link(session: Session, token: str, purpose: LinkPurpose) -> Invitation:
    """The link while it may still be used; else a refusal that says why, in words."""
    link = find_link(session, token, purpose)
    state = link_state(link, clock.utc_now())
    if state != "open":
        raise _refusal(state)
    return link


def _close(session: Session, link: Invitation, **values: datetime) -> bool:
    """Set `values` (used_at or withdrawn_at) unless the link was used or withdrawn
    meanwhile: conditional, so of a use and a withdrawal at the same moment one wins.
    Whether this one did; the link is read again either way."""
    result = session.execute(
        update(Invitation)
        .where(
            Invitation.id == link.id,
            Invitation.used_at.is_(None),
            Invitation.withdrawn_at.is_(None),
        )
        .values(**values)
    )
    assert isinstance(result, CursorResult)
    session.refresh(link)
    return result.rowcount == 1


def _spend(session: Session, link: Invitation, now: datetime) -> None:
    """Mark the link used, unless it was used or withdrawn meanwhile: a link works once."""
    if not _close(session, link, used_at=now):
        raise _refusal("withdrawn" if link.used_at is None else "used")


def pending_invitations(session: Session) -> list[Invitation]:
    return list(
        session.scalars(
            select(Invitation)
            .where(
                Invitation.purpose == LinkPurpose.INVITE,
                Invitation.used_at.is_(None),
                Invitation.withdrawn_at.is_(None),
                Invitation.expires_at > clock.utc_now(),
            )
            .order_by(Invitation.created_at.desc(), Invitation.id.desc())
        )
    )


@unit_of_work
def invite(session: Session, *, actor: User, email: str, name: str, role: Role) -> str:
    """An invitation for a new person; return the token (shown or mailed once)."""
    email, name = new_person(session, email, name)
    token, now = passwords.new_token(), clock.utc_now()
    link = Invitation(
        purpose=LinkPurpose.INVITE,
        token_hash=passwords.token_digest(token),
        email=email,
        name=name,
        role=role,
        created_at=now,
        expires_at=now + INVITATION_LIFETIME,
        invited_by=actor.id,
    )
    session.add(link)
    session.flush()
    after = {"email": email, "name": name, "role": role.value}
    target = ("user", email)
    record_audit(session, None, action="user.invite", actor=actor, target=target, after=after)
    return token


@unit_of_work
def withdraw_invitation(session: Session, *, actor: User, invitation_id: int) -> Invitation:
    """An admin takes a pending invitation back: from now on its link says it is no
    longer valid. Conditional, so an invitation accepted meanwhile stays accepted."""
    if actor.role is not Role.ADMIN:
        raise Forbidden("Only admins manage people.", code="admins_only")
    link = session.get(Invitation, invitation_id)
    if link is None or link.purpose is not LinkPurpose.INVITE:
        raise NotFound(f"No invitation {invitation_id}.")
    if not _close(session, link, withdrawn_at=clock.utc_now()):
        if link.used_at is not None:
            raise Conflict("The invitation was accepted already.", code="invitation_accepted")
        raise Conflict("The invitation is withdrawn already.", code="invitation_withdrawn")
    before = {"email": link.email, "name": link.name}
    record_audit(
        session, None, action="user.invite_withdraw", actor=actor, target=("user", link.email),
        before=before, after={**before, "withdrawn": True},
    )  # fmt: skip
    return link


@unit_of_work
def accept_invitation(session: Session, *, token: str, password: str) -> User:
    """The invitee sets a password: the account exists from now on, and the link is spent."""
    link = open_link(session, token, LinkPurpose.INVITE)
    rules.check_password(password)
    if account_queries.get_user_by_email(session, link.email) is not None:
        raise Conflict(f"A user with email {link.email} already exists.", code="email_taken")
    assert link.role is not None
    _spend(session, link, clock.utc_now())
    user = User(
        email=link.email,
        name=link.name,
        role=link.role,
        password_hash=passwords.hash_password(password),
    )
    session.add(user)
    session.flush()
    after = {"email": user.email, "name": user.name, "role": user.role.value}
    target = ("user", user.email)
    record_audit(session, None, action="user.add", actor=user, target=target, after=after)
    return user


@dataclass(frozen=True)
class ResetRequest:
    token: str | None  # None: nothing to send (unknown address, or throttled)
    user: User | None


def request_reset(
    session: Session, *, email: str, client: str, policy: rules.ThrottlePolicy | None = None
) -> ResetRequest:
    """A reset link for an active account. The caller answers the same whatever this
    returns; an unknown address counts as a failed login, so the login throttle caps it."""
    standing = throttle(session, email=email, client=client, policy=policy)
    if standing.throttled:
        return ResetRequest(None, None)
    user = account_queries.get_user_by_email(session, email)
    now = standing.now
    if user is None or not user.is_active:
        _count_failure(session, client=standing.client, account=standing.account, now=now)
        return ResetRequest(None, None)
    return ResetRequest(_new_reset(session, user=user, now=now), user)


@unit_of_work
def _count_failure(session: Session, *, client: str, account: str, now: datetime) -> None:
    session.add(LoginFailure(at=now, client=client, account=account))


@unit_of_work
def _new_reset(session: Session, *, user: User, now: datetime) -> str:
    token = passwords.new_token()
    session.add(
        Invitation(
            purpose=LinkPurpose.RESET,
            token_hash=passwords.token_digest(token),
            email=user.email,
            name=user.name,
            created_at=now,
            expires_at=now + RESET_LIFETIME,
        )
    )
    # Not audited, as a failed login is not: anyone may ask for anyone's link, and must not
    # grow the audit chain at will. Using the link is audited.
    return token


@unit_of_work
def reset_password(session: Session, *, token: str, password: str) -> User:
    """Set a new password through a reset link; every session of the person ends."""
    link = open_link(session, token, LinkPurpose.RESET)
    user = account_queries.get_user_by_email(session, link.email)
    if user is None or not user.is_active:
        raise Conflict("This link has expired.", code="link_expired")
    rules.check_password(password)
    _spend(session, link, clock.utc_now())
    user.password_hash = passwords.hash_password(password)
    user.session_version = User.session_version + 1  # in SQL: no bump is lost
    session.flush()
    record_audit(session, None, action="user.password", actor=user, target=("user", user.email))
    return user
