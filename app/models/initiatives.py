from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    false,
    func,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, UTCDateTime
from app.domain.items import ItemStatus
from app.models.columns import enum_column, utcnow
from app.phases import Phase

if TYPE_CHECKING:
    from app.models.accounts import User


# An initiative that is not closed yet carries no stored readiness (migration 0018's
# partial index says the same words, which is what lets a planner use it).
UNRANKED = "current_readiness IS NULL AND phase <> 'closed'"
NOT_CLOSED = "phase <> 'closed'"


class Initiative(Base):
    __tablename__ = "initiatives"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    region: Mapped[str] = mapped_column(String(120), index=True)
    sector: Mapped[str | None] = mapped_column(String(120), index=True)
    phase: Mapped[Phase] = mapped_column(enum_column(Phase), index=True)
    closed_from: Mapped[Phase | None] = mapped_column(enum_column(Phase))
    model_version: Mapped[str] = mapped_column(String(60))
    phase_entered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The stored readiness of the current phase and its renewal date, as phase_readiness
    # holds them (app/readiness keeps the two in step): the portfolio ranks by them.
    current_readiness: Mapped[float | None] = mapped_column(Float)
    current_renewal_due_on: Mapped[date | None] = mapped_column(Date)

    __table_args__ = (
        CheckConstraint(
            "phase IN ('starting_point', 'initiation', 'pilot', 'establishment',"
            " 'sustainability', 'closed')",
            name="phase",
        ),
        # The portfolio's order by name (app/portfolio/queries.py): its first page.
        Index("ix_initiatives_lower_name", func.lower(name), "id"),
        # Whether every stored readiness holds today (app/readiness/queries.all_hold).
        Index("ix_initiatives_current_renewal_due_on", current_renewal_due_on),
        # The portfolio sorted by readiness, most ready first (migration 0019).
        Index("ix_initiatives_readiness_rank", current_readiness.desc().nulls_last(), "id"),
        Index(
            "ix_initiatives_unranked",
            "id",
            postgresql_where=text(UNRANKED),
            sqlite_where=text(UNRANKED),
        ),
    )


class ItemState(Base):
    """One row per initiative and checklist item, so ticks never overwrite each other."""

    __tablename__ = "item_states"

    id: Mapped[int] = mapped_column(primary_key=True)
    initiative_id: Mapped[int] = mapped_column(ForeignKey("initiatives.id", ondelete="CASCADE"))
    item_key: Mapped[str] = mapped_column(String(120))
    status: Mapped[ItemStatus] = mapped_column(enum_column(ItemStatus), default=ItemStatus.OPEN)
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
    from_phase: Mapped[Phase] = mapped_column(enum_column(Phase))
    to_phase: Mapped[Phase] = mapped_column(enum_column(Phase))
    reason: Mapped[str | None] = mapped_column(Text)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    gate_snapshot: Mapped[dict[str, Any]] = mapped_column(JSON)

    actor: Mapped[User | None] = relationship()

    __table_args__ = (Index("ix_transitions_initiative_created", "initiative_id", "created_at"),)


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
