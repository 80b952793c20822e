from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import JSON, Date, Float, ForeignKey, Index, Integer
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base
from app.models.columns import enum_column
from app.phases import Phase


class PhaseReadiness(Base):
    """Stored readiness of one initiative in one phase (app/readiness): kept up to date in
    the unit of work of every write that changes item states, evidence, phase or version."""

    __tablename__ = "phase_readiness"

    initiative_id: Mapped[int] = mapped_column(
        ForeignKey("initiatives.id", ondelete="CASCADE"), primary_key=True
    )
    phase: Mapped[Phase] = mapped_column(enum_column(Phase), primary_key=True)
    done: Mapped[int] = mapped_column(Integer)
    open: Mapped[int] = mapped_column(Integer)
    required_total: Mapped[int] = mapped_column(Integer)
    required_open: Mapped[int] = mapped_column(Integer)
    needs_renewal: Mapped[int] = mapped_column(Integer)
    needs_confirmation: Mapped[int] = mapped_column(Integer)
    readiness: Mapped[float] = mapped_column(Float)
    # The last day the figures certainly hold (evidence expiring); NULL: for ever.
    renewal_due_on: Mapped[date | None] = mapped_column(Date)
    # Per checklist: {"done", "open", "required_open"}.
    checklists: Mapped[dict[str, Any]] = mapped_column(JSON)

    __table_args__ = (
        Index("ix_phase_readiness_phase_readiness", "phase", "readiness", "initiative_id"),
    )
