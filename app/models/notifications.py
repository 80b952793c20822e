from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, UTCDateTime
from app.models.columns import enum_column, utcnow
from app.notifications.rules import EmailChoice, NotificationKind

KINDS = ", ".join(f"'{kind.value}'" for kind in NotificationKind)
CHOICES = ", ".join(f"'{choice.value}'" for choice in EmailChoice)


class Notification(Base):
    """One thing one person is told about. `subject` names what it is about (a review, a
    condition and whether it is due or overdue, ...), so collecting twice adds nothing."""

    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[NotificationKind] = mapped_column(enum_column(NotificationKind, length=30))
    subject: Mapped[str] = mapped_column(String(120))
    initiative_id: Mapped[int | None] = mapped_column(
        ForeignKey("initiatives.id", ondelete="CASCADE")
    )
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set when `notify send` has mailed it, or decided not to (the person chose "never").
    email_done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (
        UniqueConstraint("user_id", "kind", "subject"),
        CheckConstraint(f"kind IN ({KINDS})", name="kind"),
        Index("ix_notifications_user_read", "user_id", "read_at"),
        Index("ix_notifications_email_done_at", "email_done_at"),
    )


class NotificationSetting(Base):
    """A person's choice of e-mail for one kind of notification."""

    __tablename__ = "notification_settings"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[NotificationKind] = mapped_column(
        enum_column(NotificationKind, length=30), primary_key=True
    )
    email: Mapped[EmailChoice] = mapped_column(enum_column(EmailChoice, length=20))

    __table_args__ = (
        CheckConstraint(f"kind IN ({KINDS})", name="kind"),
        CheckConstraint(f"email IN ({CHOICES})", name="email"),
    )
