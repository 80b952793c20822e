"""Reading a person's notifications and e-mail choices."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models.accounts import User
from app.models.notifications import Notification, NotificationSetting
from app.notifications.rules import EmailChoice, NotificationKind


def unread_count(session: Session, user: User) -> int:
    return (
        session.scalar(
            select(func.count(Notification.id)).where(
                Notification.user_id == user.id, Notification.read_at.is_(None)
            )
        )
        or 0
    )


def latest(session: Session, user: User, *, limit: int = 100) -> list[Notification]:
    return list(
        session.scalars(
            select(Notification)
            .where(Notification.user_id == user.id)
            .order_by(Notification.created_at.desc(), Notification.id.desc())
            .limit(limit)
        )
    )


def email_choices(
    session: Session, user_ids: list[int]
) -> dict[int, dict[NotificationKind, EmailChoice]]:
    found: dict[int, dict[NotificationKind, EmailChoice]] = {user_id: {} for user_id in user_ids}
    if not user_ids:
        return found
    for setting in session.scalars(
        select(NotificationSetting).where(NotificationSetting.user_id.in_(user_ids))
    ):
        found[setting.user_id][setting.kind] = setting.email
    return found
