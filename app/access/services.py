"""Who else may look: funders of an initiative, and read-only auditor links."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.access import rules
from app.access.rules import LinkStatus
from app.accounts import passwords
from app.accounts import queries as account_queries
from app.clock import utc_now
from app.domain import permissions
from app.domain.permissions import Role
from app.errors import Conflict, Forbidden, InvalidInput, NotFound
from app.initiatives.queries import visible_initiative
from app.models.access import AuditorLink, Funding, Membership
from app.models.accounts import User
from app.models.initiatives import Initiative
from app.records import audit_record, record_audit
from app.uow import locked, unit_of_work

LINK_MAX_DAYS = 90


def managed_initiative(session: Session, actor: User, initiative_id: int) -> Initiative:
    """The initiative, if the actor may see it and manage who else may (Forbidden otherwise)."""
    initiative = visible_initiative(session, actor, initiative_id)
    if not permissions.can_manage_access(actor.role):
        raise Forbidden(
            "Only support officers and admins manage access to an initiative.",
            code="may_not_manage_access",
        )
    return initiative


@dataclass(frozen=True)
class _Group:
    """Funders or a leadership group: who may belong, and how the log and refusals name it."""

    link: type[Funding] | type[Membership]
    role: Role
    action: str
    unknown: str
    unknown_code: str
    absent: str
    present: str
    present_code: str


FUNDERS = _Group(
    Funding, Role.FUNDER, "funder", "No funder with that email.", "unknown_funder",
    "That person does not fund this initiative.",
    "That person already funds this initiative.", "already_funder",
)  # fmt: skip
LEADERSHIP = _Group(
    Membership, Role.LEADERSHIP, "member", "No leadership user with that email.",
    "unknown_leadership_user", "That person is not in the process-leadership group.",
    "That person is already in the process-leadership group.", "already_member",
)  # fmt: skip


def _add(session: Session, group: _Group, *, actor: User, initiative_id: int, email: str) -> User:
    """Add the person once: a second add (or the loser of two at once) is a Conflict."""
    initiative = managed_initiative(session, actor, initiative_id)
    user = account_queries.get_user_by_email(session, email)
    if user is None or user.role is not group.role:
        raise InvalidInput("email", group.unknown, code=group.unknown_code)
    already = Conflict(group.present, code=group.present_code)
    if session.get(group.link, (initiative.id, user.id)) is not None:
        raise already
    session.add(group.link(initiative_id=initiative.id, user_id=user.id))
    try:
        # The pair is the primary key: a concurrent add waits for the first, then fails.
        session.flush()
    except IntegrityError:
        raise already from None
    record_audit(
        session, initiative, action=f"{group.action}.add", actor=actor,
        target=("user", user.email), after={"email": user.email, "name": user.name},
    )  # fmt: skip
    return user


def _remove(
    session: Session, group: _Group, *, actor: User, initiative_id: int, user_id: int
) -> None:
    initiative = managed_initiative(session, actor, initiative_id)
    link = group.link
    # Deleted by one statement: of concurrent removals only the first deletes a row.
    removed = session.execute(
        delete(link)
        .where(link.initiative_id == initiative.id, link.user_id == user_id)
        .execution_options(synchronize_session="fetch")
    )
    if removed.rowcount != 1:  # type: ignore[attr-defined]
        raise NotFound(group.absent)
    user = session.get(User, user_id)
    record_audit(
        session, initiative, action=f"{group.action}.remove", actor=actor,
        target=("user", user.email if user else user_id),
        before={"email": user.email if user else None},
    )  # fmt: skip


@unit_of_work
def add_funder(session: Session, *, actor: User, initiative_id: int, email: str) -> User:
    return _add(session, FUNDERS, actor=actor, initiative_id=initiative_id, email=email)


@unit_of_work
def remove_funder(session: Session, *, actor: User, initiative_id: int, user_id: int) -> None:
    _remove(session, FUNDERS, actor=actor, initiative_id=initiative_id, user_id=user_id)


@unit_of_work
def add_member(session: Session, *, actor: User, initiative_id: int, email: str) -> User:
    return _add(session, LEADERSHIP, actor=actor, initiative_id=initiative_id, email=email)


@unit_of_work
def remove_member(session: Session, *, actor: User, initiative_id: int, user_id: int) -> None:
    _remove(session, LEADERSHIP, actor=actor, initiative_id=initiative_id, user_id=user_id)


@unit_of_work
def create_auditor_link(
    session: Session, *, actor: User, initiative_id: int, label: str, days: int
) -> tuple[AuditorLink, str]:
    """Return the link and its token; only the token's hash is stored."""
    initiative = managed_initiative(session, actor, initiative_id)
    label = (label or "").strip()
    if not label or len(label) > 200:
        raise InvalidInput(
            "label", "Name who the link is for (at most 200 characters).", code="link_label"
        )
    rules.check_lifetime("A link", days, LINK_MAX_DAYS, code="link_days")
    token = passwords.new_token()
    now = utc_now()
    link = AuditorLink(
        initiative_id=initiative.id,
        token_hash=passwords.token_digest(token),
        label=label,
        created_by_id=actor.id,
        created_at=now,
        expires_at=now + timedelta(days=days),
    )
    audit_record(
        session, link, action="auditor_link.create", actor=actor, target_type="auditor_link",
        initiative=initiative, after={"label": label, "expires_at": link.expires_at},
    )  # fmt: skip
    return link, token


@unit_of_work
def revoke_auditor_link(
    session: Session, *, actor: User, link_id: int, initiative_id: int | None = None
) -> AuditorLink:
    """Revoke a link; with `initiative_id` (a page's URL), only a link of that initiative."""
    link = locked(session, AuditorLink, link_id)  # revoked once, by one request
    if link is None or initiative_id not in (None, link.initiative_id):
        raise NotFound(f"No auditor link {link_id}.")
    initiative = managed_initiative(session, actor, link.initiative_id)
    if link.revoked_at is not None:
        raise Conflict("This link is already revoked.", code="link_already_revoked")
    link.revoked_at = utc_now()
    record_audit(
        session, initiative, action="auditor_link.revoke", actor=actor,
        target=("auditor_link", link.id), before={"revoked": False}, after={"revoked": True},
    )  # fmt: skip
    return link


def auditor_links(session: Session, initiative_id: int) -> list[AuditorLink]:
    return list(
        session.scalars(
            select(AuditorLink)
            .where(AuditorLink.initiative_id == initiative_id)
            .order_by(AuditorLink.id.desc())
        )
    )


def link_status(link: AuditorLink, now: datetime | None = None) -> LinkStatus:
    """Active, expired or revoked: the same test as initiative_for_link makes."""
    return rules.link_status(
        revoked_at=link.revoked_at, expires_at=link.expires_at, now=now or utc_now()
    )


class LinkInvalid(LookupError):
    pass


@unit_of_work
def initiative_for_link(session: Session, token: str, *, at: datetime | None = None) -> Initiative:
    """The initiative an auditor link opens, or LinkInvalid (unknown, expired or revoked).
    It records when the link was last used, so it takes the write lock first."""
    # Locked, so a link being revoked at this moment is read as revoked once it is.
    link = session.scalar(
        select(AuditorLink)
        .where(AuditorLink.token_hash == passwords.token_digest(token))
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    now = at or utc_now()
    if link is None or link_status(link, now) is not LinkStatus.ACTIVE:
        raise LinkInvalid("This auditor link is unknown, expired or revoked.")
    initiative = session.get(Initiative, link.initiative_id)
    if initiative is None:
        raise LinkInvalid("This auditor link is unknown, expired or revoked.")
    link.last_used_at = now
    return initiative
