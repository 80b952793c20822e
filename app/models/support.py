from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, UTCDateTime
from app.models.columns import enum_column, utcnow
from app.support.rules import SupportKind

if TYPE_CHECKING:
    from app.models.accounts import User


class SupportActivity(Base):
    """Support the support function delivered to an initiative: one dated entry of the log,
    optionally fulfilling a Processtöd item of the initiative's phase model."""

    __tablename__ = "support_activities"

    id: Mapped[int] = mapped_column(primary_key=True)
    initiative_id: Mapped[int] = mapped_column(ForeignKey("initiatives.id", ondelete="CASCADE"))
    delivered_on: Mapped[date] = mapped_column(Date)
    kind: Mapped[SupportKind] = mapped_column(enum_column(SupportKind))
    hours: Mapped[Decimal] = mapped_column(Numeric(6, 2))
    cost_sek: Mapped[int] = mapped_column(Integer, default=0)
    item_key: Mapped[str | None] = mapped_column(String(120))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    created_by: Mapped[User | None] = relationship()

    __table_args__ = (
        Index("ix_support_activities_initiative_on", "initiative_id", "delivered_on"),
        CheckConstraint(
            "kind IN ('workshop', 'advice', 'analysis', 'matchmaking', 'funding_advice',"
            " 'training', 'other')",
            name="kind",
        ),
        CheckConstraint("hours >= 0", name="hours"),
        CheckConstraint("cost_sek >= 0", name="cost_sek"),
    )
