from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, UTCDateTime
from app.domain.permissions import Role
from app.models.columns import enum_column, utcnow


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(enum_column(Role))
    password_hash: Mapped[str] = mapped_column(String(255))
    # Bumped to revoke every session of this user at once.
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    locale: Mapped[str | None] = mapped_column(String(5))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Support officers get a weekly digest unless they opt out (migration 0005).
    digest_opt_out: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Set by a login through the form, for the admin's list of people (migration 0016).
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (
        CheckConstraint("role IN ('admin', 'support', 'leadership', 'funder')", name="role"),
    )


class ApiToken(Base):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # Only a SHA-256 of the token is kept; the token itself is shown once.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Every token expires (migration 0008); a revoked or expired one answers 401 at once.
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()


class LoginFailure(Base):
    """One failed login, kept for the throttling window (app/accounts/rules.py), so every
    process and machine on the database counts the same failures."""

    __tablename__ = "login_failures"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    client: Mapped[str] = mapped_column(String(64))  # rules.client_key
    account: Mapped[str] = mapped_column(String(64))  # rules.account_key: a digest

    __table_args__ = (
        Index("ix_login_failures_client_at", "client", "at"),
        Index("ix_login_failures_account_at", "account", "at"),
    )
