from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, UTCDateTime
from app.internationalisation.scale import KeyDirection
from app.models.columns import utcnow

if TYPE_CHECKING:
    from app.models.accounts import User

GRID_BEFORE_GRIDS = "ru-pilot-clusters/1"


class InternationalisationAssessment(Base):
    """A dated internationalisation self-assessment; its scores are AssessmentScore rows."""

    __tablename__ = "internationalisation_assessments"

    id: Mapped[int] = mapped_column(primary_key=True)
    initiative_id: Mapped[int] = mapped_column(ForeignKey("initiatives.id", ondelete="CASCADE"))
    assessed_on: Mapped[date] = mapped_column(Date)
    level: Mapped[int] = mapped_column(Integer)
    # The grid the scores were given under (app/internationalisation/grids.py); rows from
    # before grids were recorded under today's grid, the survey's own.
    grid: Mapped[str] = mapped_column(String(40), server_default=GRID_BEFORE_GRIDS)
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


class ProgrammeMeasure(Base):
    """A measure of the initiative's internationalisation programme, under one of the four
    key directions; its target indicators are ProgrammeIndicator rows."""

    __tablename__ = "programme_measures"

    id: Mapped[int] = mapped_column(primary_key=True)
    initiative_id: Mapped[int] = mapped_column(ForeignKey("initiatives.id", ondelete="CASCADE"))
    direction: Mapped[str] = mapped_column(String(30))
    title: Mapped[str] = mapped_column(String(300))
    owner: Mapped[str] = mapped_column(String(200))
    due_on: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    indicators: Mapped[list[ProgrammeIndicator]] = relationship(
        order_by="ProgrammeIndicator.id", back_populates="measure"
    )

    __table_args__ = (
        CheckConstraint(
            "direction IN (" + ", ".join(f"'{d}'" for d in KeyDirection) + ")",
            name="direction",
        ),
    )


class ProgrammeIndicator(Base):
    """A target indicator of a measure: where it started, where it should get, where it is."""

    __tablename__ = "programme_indicators"

    id: Mapped[int] = mapped_column(primary_key=True)
    measure_id: Mapped[int] = mapped_column(ForeignKey("programme_measures.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str | None] = mapped_column(String(40))
    baseline: Mapped[float | None] = mapped_column(Float)
    target: Mapped[float | None] = mapped_column(Float)
    actual: Mapped[float | None] = mapped_column(Float)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    measure: Mapped[ProgrammeMeasure] = relationship(back_populates="indicators")


class ProgrammeReview(Base):
    """The yearly review of the programme: when, by which body, and what it changed."""

    __tablename__ = "programme_reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    initiative_id: Mapped[int] = mapped_column(ForeignKey("initiatives.id", ondelete="CASCADE"))
    reviewed_on: Mapped[date] = mapped_column(Date)
    body: Mapped[str] = mapped_column(String(200))  # e.g. "Klusterrådet"
    changes: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    __table_args__ = (
        UniqueConstraint("initiative_id", "reviewed_on", name="uq_programme_reviews_date"),
    )
