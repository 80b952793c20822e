"""Typed SQLAlchemy models: the persisted state of people and initiatives."""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    Enum,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, UTCDateTime
from app.domain.items import ItemStatus
from app.domain.permissions import Role
from app.phases import Phase


def _enum(enum: type[StrEnum]) -> Enum:
    # Stored as plain strings (checked by explicit constraints), loaded as enums.
    return Enum(
        enum,
        native_enum=False,
        create_constraint=False,
        length=20,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


def utcnow() -> datetime:
    return datetime.now(UTC)


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(_enum(Role))
    password_hash: Mapped[str] = mapped_column(String(255))
    # Bumped to revoke every session of this user at once.
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    locale: Mapped[str | None] = mapped_column(String(5))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Support officers get a weekly digest unless they opt out (migration 0003).
    digest_opt_out: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

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

    user: Mapped[User] = relationship()


class Initiative(Base):
    __tablename__ = "initiatives"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    region: Mapped[str] = mapped_column(String(120), index=True)
    sector: Mapped[str | None] = mapped_column(String(120))
    phase: Mapped[Phase] = mapped_column(_enum(Phase), index=True)
    closed_from: Mapped[Phase | None] = mapped_column(_enum(Phase))
    model_version: Mapped[str] = mapped_column(String(60))
    phase_entered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        CheckConstraint(
            "phase IN ('starting_point', 'initiation', 'pilot', 'establishment',"
            " 'sustainability', 'closed')",
            name="phase",
        ),
    )


class Membership(Base):
    """A person in an initiative's process-leadership group."""

    __tablename__ = "memberships"

    initiative_id: Mapped[int] = mapped_column(
        ForeignKey("initiatives.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ItemState(Base):
    """One row per initiative and checklist item, so ticks never overwrite each other."""

    __tablename__ = "item_states"

    id: Mapped[int] = mapped_column(primary_key=True)
    initiative_id: Mapped[int] = mapped_column(ForeignKey("initiatives.id", ondelete="CASCADE"))
    item_key: Mapped[str] = mapped_column(String(120))
    status: Mapped[ItemStatus] = mapped_column(_enum(ItemStatus), default=ItemStatus.OPEN)
    note: Mapped[str | None] = mapped_column(Text)
    link: Mapped[str | None] = mapped_column(String(2000))
    justification: Mapped[str | None] = mapped_column(Text)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When a result is due (migration 0003); overdue while not settled after it.
    target_date: Mapped[date | None] = mapped_column(Date)

    updated_by: Mapped[User | None] = relationship()

    __table_args__ = (
        UniqueConstraint("initiative_id", "item_key", name="uq_item_states_initiative_item"),
        CheckConstraint("status IN ('open', 'done', 'not_applicable')", name="status"),
        # The portfolio's "last activity" is one index seek per initiative (migration 0003).
        Index("ix_item_states_initiative_updated", "initiative_id", "updated_at"),
    )


class Transition(Base):
    """A phase change as it happened, with the gate as it stood at that moment."""

    __tablename__ = "transitions"

    id: Mapped[int] = mapped_column(primary_key=True)
    initiative_id: Mapped[int] = mapped_column(ForeignKey("initiatives.id", ondelete="CASCADE"))
    trigger: Mapped[str] = mapped_column(String(20))
    from_phase: Mapped[Phase] = mapped_column(_enum(Phase))
    to_phase: Mapped[Phase] = mapped_column(_enum(Phase))
    reason: Mapped[str | None] = mapped_column(Text)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    gate_snapshot: Mapped[dict[str, Any]] = mapped_column(JSON)

    actor: Mapped[User | None] = relationship()

    __table_args__ = (Index("ix_transitions_initiative_created", "initiative_id", "created_at"),)


# --- portfolio monitoring (issue 4) ------------------------------------------


class RegionSetting(Base):
    """Per-region settings of the support function: when an initiative counts as stalled."""

    __tablename__ = "region_settings"

    region: Mapped[str] = mapped_column(String(120), primary_key=True)
    stalled_after_days: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (CheckConstraint("stalled_after_days > 0", name="stalled_after_days"),)
