from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, UTCDateTime
from app.excellence.rules import LabelLevel, ReadinessArea
from app.models.columns import enum_column, utcnow

if TYPE_CHECKING:
    from app.models.accounts import User


class ClusterLabel(Base):
    """A Cluster Excellence label awarded to the initiative's cluster organisation.
    `valid_until` is the last day it is valid."""

    __tablename__ = "cluster_labels"

    id: Mapped[int] = mapped_column(primary_key=True)
    initiative_id: Mapped[int] = mapped_column(ForeignKey("initiatives.id", ondelete="CASCADE"))
    level: Mapped[LabelLevel] = mapped_column(enum_column(LabelLevel, length=10))
    awarded_on: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date] = mapped_column(Date, index=True)
    assessing_organisation: Mapped[str] = mapped_column(String(200))
    # The assessment report, a piece of the initiative's evidence.
    evidence_id: Mapped[int | None] = mapped_column(ForeignKey("evidence.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    created_by: Mapped[User | None] = relationship()

    __table_args__ = (
        Index("ix_cluster_labels_initiative_awarded", "initiative_id", "awarded_on"),
        CheckConstraint("level IN ('bronze', 'silver', 'gold')", name="level"),
        CheckConstraint("valid_until > awarded_on", name="validity"),
    )


class ReadinessNote(Base):
    """A note of the group preparing for a label, on one of the six areas; never edited."""

    __tablename__ = "label_readiness_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    initiative_id: Mapped[int] = mapped_column(ForeignKey("initiatives.id", ondelete="CASCADE"))
    area: Mapped[ReadinessArea] = mapped_column(enum_column(ReadinessArea))
    text: Mapped[str] = mapped_column(Text)
    evidence_id: Mapped[int | None] = mapped_column(ForeignKey("evidence.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    created_by: Mapped[User | None] = relationship()

    __table_args__ = (
        Index("ix_label_readiness_notes_initiative_area", "initiative_id", "area"),
        CheckConstraint(
            "area IN ('structure', 'management', 'financing', 'services', 'interaction',"
            " 'achievements')",
            name="area",
        ),
    )
