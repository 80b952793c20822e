"""Reads of the internationalisation programme: one initiative's, in two queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import exists, select
from sqlalchemy.orm import Session, selectinload

from app.internationalisation.programme.rules import next_review_due
from app.internationalisation.scale import KeyDirection
from app.models.assessments import ProgrammeIndicator, ProgrammeMeasure, ProgrammeReview


@dataclass
class Programme:
    measures: dict[KeyDirection, list[ProgrammeMeasure]]  # every direction, in order
    reviews: list[ProgrammeReview]  # newest first

    @property
    def last_review(self) -> date | None:
        return self.reviews[0].reviewed_on if self.reviews else None

    @property
    def next_review_due(self) -> date | None:
        return next_review_due(self.last_review)


def programme(session: Session, initiative_id: int) -> Programme:
    measures: dict[KeyDirection, list[ProgrammeMeasure]] = {d: [] for d in KeyDirection}
    for measure in session.scalars(
        select(ProgrammeMeasure)
        .options(selectinload(ProgrammeMeasure.indicators))
        .where(ProgrammeMeasure.initiative_id == initiative_id)
        .order_by(ProgrammeMeasure.due_on, ProgrammeMeasure.id)
    ):
        measures[KeyDirection(measure.direction)].append(measure)
    reviews = session.scalars(
        select(ProgrammeReview)
        .where(ProgrammeReview.initiative_id == initiative_id)
        .order_by(ProgrammeReview.reviewed_on.desc(), ProgrammeReview.id.desc())
    ).all()
    return Programme(measures, list(reviews))


def indicator(session: Session, indicator_id: int) -> ProgrammeIndicator | None:
    return session.scalar(
        select(ProgrammeIndicator)
        .options(selectinload(ProgrammeIndicator.measure))
        .where(ProgrammeIndicator.id == indicator_id)
    )


def review_on(session: Session, *, initiative_id: int, on: date) -> bool:
    return bool(
        session.scalar(
            select(
                exists().where(
                    ProgrammeReview.initiative_id == initiative_id,
                    ProgrammeReview.reviewed_on == on,
                )
            )
        )
    )
