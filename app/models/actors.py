from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.actors.vocabulary import ActorType, HelixSide
from app.db import Base, UTCDateTime
from app.models.columns import enum_column, utcnow


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
    type: Mapped[ActorType] = mapped_column(enum_column(ActorType))
    helix_side: Mapped[HelixSide] = mapped_column(enum_column(HelixSide))
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
