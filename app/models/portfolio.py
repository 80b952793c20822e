from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    Integer,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, UTCDateTime
from app.models.columns import utcnow


class RegionSetting(Base):
    """Per-region settings of the support function: when an initiative counts as stalled."""

    __tablename__ = "region_settings"

    region: Mapped[str] = mapped_column(String(120), primary_key=True)
    stalled_after_days: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (CheckConstraint("stalled_after_days > 0", name="stalled_after_days"),)
