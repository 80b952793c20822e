from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    String,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, UTCDateTime
from app.domain.reviews import ReviewOutcome, ReviewStatus
from app.models.columns import enum_column, utcnow
from app.phases import Phase

if TYPE_CHECKING:
    from app.models.accounts import User


class GateReview(Base):
    """A request to pass a phase's gate and, once decided, the decision with a frozen
    snapshot of every item and its evidence as the decider saw them."""

    __tablename__ = "gate_reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    initiative_id: Mapped[int] = mapped_column(ForeignKey("initiatives.id", ondelete="CASCADE"))
    phase: Mapped[Phase] = mapped_column(enum_column(Phase))
    model_version: Mapped[str] = mapped_column(String(60))
    # requested, then decided; or withdrawn when the initiative left the phase another way.
    status: Mapped[ReviewStatus] = mapped_column(
        enum_column(ReviewStatus, length=12), default=ReviewStatus.REQUESTED
    )
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    request_note: Mapped[str | None] = mapped_column(Text)
    outcome: Mapped[ReviewOutcome | None] = mapped_column(enum_column(ReviewOutcome))
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
