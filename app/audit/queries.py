"""Reads of the audit log: an initiative's entries under the timeline's filters, the
choices its filters offer, and the names its sentences need (one query each)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, false, not_, or_, select
from sqlalchemy.orm import Session

from app.models.accounts import User
from app.models.actors import Actor
from app.models.audit import AuditEntry


@dataclass(frozen=True)
class EntryFilter:
    """What the timeline narrows to; every part is optional."""

    phase: str | None = None
    actor: str | None = None  # as the log writes it (the e-mail), for the JSON API
    person: int | None = None  # a user's id
    action: str | None = None
    prefixes: Sequence[str] = ()  # a kind of event: any action starting with one of these
    other_than: Sequence[str] = ()  # the kind "other": none of these
    since: datetime | None = None  # inclusive
    until: datetime | None = None  # exclusive
    nothing: bool = False  # an unknown person or kind: no entry matches


def _prefixed(prefixes: Sequence[str]) -> ColumnElement[bool]:
    return or_(*(AuditEntry.action.startswith(f"{p}.", autoescape=True) for p in prefixes))


def audit_entries(
    session: Session,
    initiative_id: int,
    *,
    phase: str | None = None,
    actor: str | None = None,
    action: str | None = None,
    where: EntryFilter | None = None,
) -> Sequence[AuditEntry]:
    """An initiative's entries, newest first."""
    where = where or EntryFilter(phase=phase, actor=actor, action=action)
    clauses: list[ColumnElement[bool]] = [AuditEntry.initiative_id == initiative_id]
    if where.nothing:
        clauses.append(false())
    if where.phase:
        clauses.append(AuditEntry.phase == where.phase)
    if where.actor:
        clauses.append(AuditEntry.actor == where.actor)
    if where.person is not None:
        clauses.append(AuditEntry.actor_id == where.person)
    if where.action:
        clauses.append(AuditEntry.action == where.action)
    if where.prefixes:
        clauses.append(_prefixed(where.prefixes))
    if where.other_than:
        clauses.append(not_(_prefixed(where.other_than)))
    if where.since is not None:
        clauses.append(AuditEntry.at >= where.since)
    if where.until is not None:
        clauses.append(AuditEntry.at < where.until)
    query = select(AuditEntry).where(and_(*clauses)).order_by(AuditEntry.seq.desc())
    return session.scalars(query).all()


def who_and_what(session: Session, initiative_id: int) -> list[tuple[int | None, str, str]]:
    """Every (actor id, actor, action) of an initiative's entries: the filters' choices."""
    rows = session.execute(
        select(AuditEntry.actor_id, AuditEntry.actor, AuditEntry.action)
        .where(AuditEntry.initiative_id == initiative_id)
        .distinct()
    ).all()
    return [(actor_id, actor, action) for actor_id, actor, action in rows]


@dataclass(frozen=True)
class Names:
    by_id: dict[int, str]
    by_email: dict[str, str]


def user_names(session: Session, ids: Collection[int], emails: Collection[str]) -> Names:
    """People's names by id and by e-mail (the log names a user either way)."""
    if not ids and not emails:
        return Names({}, {})
    rows = session.execute(
        select(User.id, User.email, User.name).where(
            or_(User.id.in_(sorted(ids)), User.email.in_(sorted(emails)))
        )
    ).all()
    return Names(
        {user_id: name for user_id, _, name in rows},
        {email: name for _, email, name in rows},
    )


def member_names(session: Session, ids: Collection[int]) -> dict[int, str]:
    """Names of organisations in actor registers, for "… recorded that X left"."""
    if not ids:
        return {}
    rows = session.execute(select(Actor.id, Actor.name).where(Actor.id.in_(sorted(ids))))
    return dict(rows.tuples().all())
