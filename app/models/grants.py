from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, UTCDateTime
from app.models.columns import enum_column, utcnow
from app.phases import Phase

if TYPE_CHECKING:
    from app.models.accounts import User


class FundingOrganisation(Base):
    """A body that grants money to initiatives (Vinnova, a region, the EU's ERDF…),
    from the list admins keep."""

    __tablename__ = "funding_organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class Grant(Base):
    """Money granted to an initiative, in whole kronor. Co-financing is its total, and,
    when known, the cash and in-kind parts (NULL both when only the total was given)."""

    __tablename__ = "grants"

    id: Mapped[int] = mapped_column(primary_key=True)
    initiative_id: Mapped[int] = mapped_column(
        ForeignKey("initiatives.id", ondelete="CASCADE"), index=True
    )
    # A funding organisation with grants stays: RESTRICT, not CASCADE.
    funding_organisation_id: Mapped[int] = mapped_column(
        ForeignKey("funding_organisations.id", ondelete="RESTRICT"), index=True
    )
    programme: Mapped[str | None] = mapped_column(String(200))
    amount_sek: Mapped[int] = mapped_column(BigInteger)
    cofinancing_sek: Mapped[int] = mapped_column(BigInteger, default=0)
    cofinancing_cash_sek: Mapped[int | None] = mapped_column(BigInteger)
    cofinancing_in_kind_sek: Mapped[int | None] = mapped_column(BigInteger)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    funder: Mapped[FundingOrganisation] = relationship(lazy="joined")
    created_by: Mapped[User | None] = relationship()
    phases: Mapped[list[GrantPhase]] = relationship(
        cascade="all, delete-orphan", order_by="GrantPhase.position", lazy="selectin"
    )
    reporting_dates: Mapped[list[GrantReportingDate]] = relationship(
        cascade="all, delete-orphan", order_by="GrantReportingDate.due_on", lazy="selectin"
    )

    __table_args__ = (
        CheckConstraint("amount_sek > 0", name="amount"),
        CheckConstraint(
            "cofinancing_sek >= 0 AND ((cofinancing_cash_sek IS NULL AND "
            "cofinancing_in_kind_sek IS NULL) OR (cofinancing_cash_sek >= 0 AND "
            "cofinancing_in_kind_sek >= 0 AND "
            "cofinancing_cash_sek + cofinancing_in_kind_sek = cofinancing_sek))",
            name="cofinancing",
        ),
        CheckConstraint("ends_on >= starts_on", name="period"),
    )


PHASE_VALUES = "'starting_point', 'initiation', 'pilot', 'establishment', 'sustainability'"


class GrantPhase(Base):
    """A phase of the model a grant funds (one row each, so grants group by phase in SQL)."""

    __tablename__ = "grant_phases"

    grant_id: Mapped[int] = mapped_column(
        ForeignKey("grants.id", ondelete="CASCADE"), primary_key=True
    )
    phase: Mapped[Phase] = mapped_column(enum_column(Phase), primary_key=True)
    position: Mapped[int] = mapped_column(default=0)  # the phase model's order

    __table_args__ = (
        CheckConstraint(f"phase IN ({PHASE_VALUES})", name="phase"),
        Index("ix_grant_phases_phase", "phase"),
    )


class GrantReportingDate(Base):
    """A day a report on the grant is due to its funder."""

    __tablename__ = "grant_reporting_dates"

    grant_id: Mapped[int] = mapped_column(
        ForeignKey("grants.id", ondelete="CASCADE"), primary_key=True
    )
    due_on: Mapped[date] = mapped_column(Date, primary_key=True)

    __table_args__ = (Index("ix_grant_reporting_dates_due_on", "due_on"),)
