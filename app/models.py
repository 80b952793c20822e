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
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.actors.vocabulary import ActorType, HelixSide
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

    updated_by: Mapped[User | None] = relationship()

    __table_args__ = (
        UniqueConstraint("initiative_id", "item_key", name="uq_item_states_initiative_item"),
        CheckConstraint("status IN ('open', 'done', 'not_applicable')", name="status"),
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


class Actor(Base):
    """One membership period of an organisation in an initiative.

    Leaving sets `left_on` (the first day no longer a member); re-joining adds a new
    row, so the history stays and member counts over time come from these rows alone.
    """

    __tablename__ = "actors"

    id: Mapped[int] = mapped_column(primary_key=True)
    initiative_id: Mapped[int] = mapped_column(ForeignKey("initiatives.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    organisation_number: Mapped[str | None] = mapped_column(String(11))
    region: Mapped[str] = mapped_column(String(120))
    type: Mapped[ActorType] = mapped_column(_enum(ActorType))
    helix_side: Mapped[HelixSide] = mapped_column(_enum(HelixSide))
    joined_on: Mapped[date] = mapped_column(Date)
    left_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    __table_args__ = (
        Index("ix_actors_initiative_joined", "initiative_id", "joined_on"),
        CheckConstraint(
            "type IN ('anchor_company', 'sme', 'university', 'research_institute',"
            " 'public_body', 'support_organisation', 'cluster_organisation')",
            name="type",
        ),
        CheckConstraint("helix_side IN ('business', 'academia', 'public')", name="helix_side"),
        CheckConstraint("left_on IS NULL OR left_on >= joined_on", name="period"),
    )


class InternationalisationAssessment(Base):
    """A dated internationalisation self-assessment; its scores are AssessmentScore rows."""

    __tablename__ = "internationalisation_assessments"

    id: Mapped[int] = mapped_column(primary_key=True)
    initiative_id: Mapped[int] = mapped_column(ForeignKey("initiatives.id", ondelete="CASCADE"))
    assessed_on: Mapped[date] = mapped_column(Date)
    level: Mapped[int] = mapped_column(Integer)
    strengths: Mapped[str | None] = mapped_column(Text)
    weaknesses: Mapped[str | None] = mapped_column(Text)
    opportunities: Mapped[str | None] = mapped_column(Text)
    threats: Mapped[str | None] = mapped_column(Text)
    kpis: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    created_by: Mapped[User | None] = relationship()

    __table_args__ = (
        # One assessment per initiative and day, so "the latest" is always one row.
        UniqueConstraint("initiative_id", "assessed_on", name="uq_assessments_initiative_date"),
        CheckConstraint("level BETWEEN 1 AND 7", name="level"),
    )


class AssessmentScore(Base):
    """One 0–4 score of an assessment; NULL means "no information"."""

    __tablename__ = "assessment_scores"

    assessment_id: Mapped[int] = mapped_column(
        # Named by hand: the conventional name would pass PostgreSQL's 63 characters.
        ForeignKey(
            "internationalisation_assessments.id",
            ondelete="CASCADE",
            name="fk_assessment_scores_assessment",
        ),
        primary_key=True,
    )
    dimension: Mapped[str] = mapped_column(String(20), primary_key=True)
    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    score: Mapped[int | None] = mapped_column(Integer)

    __table_args__ = (
        CheckConstraint("dimension IN ('groups', 'directions', 'geography')", name="dimension"),
        CheckConstraint("score IS NULL OR score BETWEEN 0 AND 4", name="score"),
    )
