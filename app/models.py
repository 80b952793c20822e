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
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
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
    # Support officers get a weekly digest unless they opt out (migration 0005).
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
    # The phase-model version the state was last recorded under; its text is shown with it.
    model_version: Mapped[str | None] = mapped_column(String(60))
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set when the item's phase is entered again: the old tick stays visible but must be confirmed.
    needs_confirmation: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # When a result is due (migration 0005); overdue while not settled after it.
    target_date: Mapped[date | None] = mapped_column(Date)

    updated_by: Mapped[User | None] = relationship()

    __table_args__ = (
        UniqueConstraint("initiative_id", "item_key", name="uq_item_states_initiative_item"),
        CheckConstraint("status IN ('open', 'done', 'not_applicable')", name="status"),
        # The portfolio's "last activity" is one index seek per initiative (migration 0005).
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


class Evidence(Base):
    """One piece of evidence for an item: a note, a link or an uploaded document.

    Never deleted: a piece is withdrawn, so a past decision's snapshot stays explainable.
    """

    __tablename__ = "evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    initiative_id: Mapped[int] = mapped_column(ForeignKey("initiatives.id", ondelete="CASCADE"))
    item_key: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(10))
    note: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(String(2000))
    file_sha256: Mapped[str | None] = mapped_column(ForeignKey("evidence_blobs.sha256"))
    file_name: Mapped[str | None] = mapped_column(String(255))
    media_type: Mapped[str | None] = mapped_column(String(120))
    size_bytes: Mapped[int | None] = mapped_column(Integer)
    effective_on: Mapped[date] = mapped_column(Date)
    expires_on: Mapped[date | None] = mapped_column(Date)
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    withdrawal_reason: Mapped[str | None] = mapped_column(Text)

    added_by: Mapped[User | None] = relationship(foreign_keys=[added_by_id])

    __table_args__ = (
        Index("ix_evidence_initiative_item", "initiative_id", "item_key"),
        CheckConstraint("kind IN ('note', 'link', 'file')", name="kind"),
    )


class EvidenceBlob(Base):
    """An uploaded file's bytes, addressed by their SHA-256; `content` is NULL when the
    bytes live in the data directory instead of the database."""

    __tablename__ = "evidence_blobs"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size_bytes: Mapped[int] = mapped_column(Integer)
    media_type: Mapped[str] = mapped_column(String(120))
    content: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class GateReview(Base):
    """A request to pass a phase's gate and, once decided, the decision with a frozen
    snapshot of every item and its evidence as the decider saw them."""

    __tablename__ = "gate_reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    initiative_id: Mapped[int] = mapped_column(ForeignKey("initiatives.id", ondelete="CASCADE"))
    phase: Mapped[Phase] = mapped_column(_enum(Phase))
    model_version: Mapped[str] = mapped_column(String(60))
    # requested, then decided; or withdrawn when the initiative left the phase another way.
    status: Mapped[str] = mapped_column(String(12), default="requested")
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    request_note: Mapped[str | None] = mapped_column(Text)
    outcome: Mapped[str | None] = mapped_column(String(20))
    rationale: Mapped[str | None] = mapped_column(Text)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    snapshot: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    snapshot_sha256: Mapped[str | None] = mapped_column(String(64))
    transition_id: Mapped[int | None] = mapped_column(
        ForeignKey("transitions.id", ondelete="SET NULL")
    )

    requested_by: Mapped[User | None] = relationship(foreign_keys=[requested_by_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])
    conditions: Mapped[list[ReviewCondition]] = relationship(
        back_populates="review", order_by="ReviewCondition.id"
    )

    __table_args__ = (
        CheckConstraint("status IN ('requested', 'decided', 'withdrawn')", name="status"),
        CheckConstraint(
            "outcome IS NULL OR outcome IN ('go', 'conditional_go', 'hold', 'recycle')",
            name="outcome",
        ),
        Index("ix_gate_reviews_initiative", "initiative_id", "id"),
        # At most one open request per initiative.
        Index(
            "uq_gate_reviews_open",
            "initiative_id",
            unique=True,
            sqlite_where=text("status = 'requested'"),
            postgresql_where=text("status = 'requested'"),
        ),
    )


class ReviewCondition(Base):
    """A condition of a Conditional Go; while open it blocks the next gate."""

    __tablename__ = "review_conditions"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("gate_reviews.id", ondelete="CASCADE"))
    initiative_id: Mapped[int] = mapped_column(
        ForeignKey("initiatives.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(200))
    due_on: Mapped[date] = mapped_column(Date)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    closing_note: Mapped[str | None] = mapped_column(Text)

    review: Mapped[GateReview] = relationship(back_populates="conditions")
    closed_by: Mapped[User | None] = relationship()


class Funding(Base):
    """A funder finances an initiative: funders see only the initiatives they fund."""

    __tablename__ = "fundings"

    initiative_id: Mapped[int] = mapped_column(
        ForeignKey("initiatives.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AuditorLink(Base):
    """A read-only link to one initiative's audit view for someone without an account."""

    __tablename__ = "auditor_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    initiative_id: Mapped[int] = mapped_column(
        ForeignKey("initiatives.id", ondelete="CASCADE"), index=True
    )
    # Only a SHA-256 of the link's token is kept; the link is shown once.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(String(200))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    created_by: Mapped[User | None] = relationship()


class AuditEntry(Base):
    """One link of the append-only, HMAC-chained audit log.

    No foreign keys on purpose: nothing deleted elsewhere may cascade into the log.
    `seq` is assigned by the writer under the head lock, so it has no gaps.
    """

    __tablename__ = "audit_entries"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor_id: Mapped[int | None] = mapped_column(Integer)
    actor: Mapped[str] = mapped_column(String(254))
    action: Mapped[str] = mapped_column(String(60))
    target_type: Mapped[str] = mapped_column(String(40))
    target_id: Mapped[str] = mapped_column(String(200))
    initiative_id: Mapped[int | None] = mapped_column(Integer)
    phase: Mapped[str | None] = mapped_column(String(20))
    before: Mapped[Any] = mapped_column(JSON, nullable=True)
    after: Mapped[Any] = mapped_column(JSON, nullable=True)
    prev_mac: Mapped[str] = mapped_column(String(64))
    mac: Mapped[str] = mapped_column(String(64))

    __table_args__ = (Index("ix_audit_entries_initiative", "initiative_id", "seq"),)


class AuditHead(Base):
    """The chain's newest link, with a keyed MAC, so cutting off the tail is detected.
    Its single row is also the lock that serialises writers of the chain."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(Integer)
    mac: Mapped[str] = mapped_column(String(64))
    head_mac: Mapped[str] = mapped_column(String(64))


class ModelVersionChange(Base):
    """An initiative moved to another phase-model version, with the diff as it was shown."""

    __tablename__ = "model_version_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    initiative_id: Mapped[int] = mapped_column(ForeignKey("initiatives.id", ondelete="CASCADE"))
    from_version: Mapped[str] = mapped_column(String(60))
    to_version: Mapped[str] = mapped_column(String(60))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    diff: Mapped[dict[str, Any]] = mapped_column(JSON)

    actor: Mapped[User | None] = relationship()

    __table_args__ = (
        Index("ix_model_version_changes_initiative_created", "initiative_id", "created_at"),
    )


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


# --- portfolio monitoring (issue 4) ------------------------------------------


class RegionSetting(Base):
    """Per-region settings of the support function: when an initiative counts as stalled."""

    __tablename__ = "region_settings"

    region: Mapped[str] = mapped_column(String(120), primary_key=True)
    stalled_after_days: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (CheckConstraint("stalled_after_days > 0", name="stalled_after_days"),)
