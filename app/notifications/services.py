"""Use-cases of notifications: collect what is due, read, choose e-mail, send e-mail.

`collect` derives notifications from the state of reviews, conditions, evidence and
target dates; a unique (person, kind, subject) makes it idempotent, so it runs after
every review change, from `klusterfas notify send` and on every node without harm.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from app.errors import NotFound
from app.models.accounts import User
from app.models.notifications import Notification, NotificationSetting
from app.notifications import sources
from app.notifications.rules import EmailChoice, NotificationKind
from app.records import record_audit
from app.uow import unit_of_work

BATCH = 500


def _store(session: Session, rows: Sequence[dict[str, Any]], now: datetime) -> int:
    insert = postgresql_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    added = 0
    for start in range(0, len(rows), BATCH):
        batch = [{**row, "created_at": now} for row in rows[start : start + BATCH]]
        statement = (
            insert(Notification)
            .values(batch)
            .on_conflict_do_nothing(index_elements=["user_id", "kind", "subject"])
            .returning(Notification.id)
        )
        added += len(session.scalars(statement).all())  # psycopg's rowcount is -1 here
    return added


@unit_of_work
def collect(session: Session, *, now: datetime, initiative_id: int | None = None) -> int:
    """Store every notification that is due and not yet stored; the number added."""
    today = now.date()
    rows = [
        *sources.review_requests(session, initiative_id),
        *sources.review_decisions(session, initiative_id, now),
        *sources.conditions(session, initiative_id, today),
        *sources.expiring_evidence(session, initiative_id, today),
        *sources.passed_target_dates(session, initiative_id, today),
    ]
    return _store(session, rows, now)


@unit_of_work
def notify_mentions(
    session: Session,
    *,
    user_ids: Sequence[int],
    subject: str,
    initiative_id: int,
    now: datetime,
    params: dict[str, Any],
) -> int:
    rows = [
        {
            "user_id": user_id,
            "kind": NotificationKind.MENTION,
            "subject": subject,
            "initiative_id": initiative_id,
            "params": params,
        }
        for user_id in sorted(set(user_ids))
    ]
    return _store(session, rows, now)


@unit_of_work
def mark_read(session: Session, *, user: User, notification_id: int, now: datetime) -> None:
    changed = session.execute(
        update(Notification)
        .where(Notification.id == notification_id, Notification.user_id == user.id)
        .values(read_at=now)
    )
    if not changed.rowcount:  # type: ignore[attr-defined]
        raise NotFound("No such notification.")


@unit_of_work
def mark_all_read(session: Session, *, user: User, now: datetime) -> int:
    changed = session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=now)
    )
    return int(changed.rowcount or 0)  # type: ignore[attr-defined]


@unit_of_work
def choose_email(
    session: Session, *, user: User, choices: dict[NotificationKind, EmailChoice]
) -> None:
    before: dict[str, str] = {}
    for kind, choice in choices.items():
        setting = session.get(NotificationSetting, (user.id, kind))
        if setting is None:
            session.add(NotificationSetting(user_id=user.id, kind=kind, email=choice))
        elif setting.email is not choice:
            before[kind.value] = setting.email.value
            setting.email = choice
    after = {kind.value: choice.value for kind, choice in choices.items()}
    record_audit(
        session, None, action="user.notifications", actor=user, target=("user", user.email),
        before=before or None, after=after,
    )  # fmt: skip
