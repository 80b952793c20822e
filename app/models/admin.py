"""One-time links (an invitation or a password reset) and the list of regions admins keep."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, UTCDateTime
from app.domain.permissions import Role
from app.models.columns import enum_column, utcnow


class LinkPurpose(StrEnum):
    INVITE = "invite"
    RESET = "reset"


class Invitation(Base):
    """A one-time link sent by e-mail: an invitation to an account, or a password reset
    (`purpose`). Only a SHA-256 of the token is kept."""

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    purpose: Mapped[LinkPurpose] = mapped_column(enum_column(LinkPurpose, length=10))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[Role | None] = mapped_column(enum_column(Role))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # by an admin (0016)
    invited_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    __table_args__ = (
        CheckConstraint("purpose IN ('invite', 'reset')", name="purpose"),
        CheckConstraint(
            "role IS NULL OR role IN ('admin', 'support', 'leadership', 'funder')", name="role"
        ),
    )


class Region(Base):
    __tablename__ = "regions"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
