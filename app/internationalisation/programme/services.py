"""Use-cases of the internationalisation programme: measures with target indicators, new
figures for an indicator, and the yearly review. Each write is audited."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app import errors
from app.clock import local_today, utc_now
from app.initiatives import queries as initiative_queries
from app.internationalisation import services as assessment_services
from app.internationalisation.programme import queries
from app.internationalisation.programme.rules import (
    InvalidProgramme,
    validate_indicator_update,
    validate_measure,
    validate_review,
)
from app.models.accounts import User
from app.models.assessments import ProgrammeIndicator, ProgrammeMeasure, ProgrammeReview
from app.models.initiatives import Initiative
from app.records import record_audit
from app.uow import unit_of_work


class ProgrammeRefused(errors.InvalidInput):
    """Every problem by field; `field` is the first, the message lists them all."""

    def __init__(self, problems: dict[str, str]) -> None:
        first = next(iter(problems), "body")
        message = "; ".join(f"{f}: {m}" for f, m in problems.items())
        super().__init__(first, message, code="invalid_programme")
        self.errors = problems


def may_edit(session: Session, user: User, initiative_id: int) -> bool:
    """As for assessments: the initiative's process leadership, support and admins."""
    return assessment_services.may_record(session, user, initiative_id)


def _editable(session: Session, user: User, initiative_id: int) -> Initiative:
    initiative = initiative_queries.visible_initiative(session, user, initiative_id)
    if not may_edit(session, user, initiative_id):
        raise errors.Forbidden(
            "Only the initiative's process leadership and support change its programme.",
            code="may_not_edit_programme",
        )
    return initiative


def view(session: Session, *, user: User, initiative_id: int) -> queries.Programme:
    initiative_queries.visible_initiative(session, user, initiative_id)
    return queries.programme(session, initiative_id)


def _indicator_dict(indicator: ProgrammeIndicator) -> dict[str, Any]:
    return {
        "name": indicator.name,
        "unit": indicator.unit,
        "baseline": indicator.baseline,
        "target": indicator.target,
        "actual": indicator.actual,
    }


@unit_of_work
def add_measure(
    session: Session, *, user: User, initiative_id: int, raw: Mapping[str, Any]
) -> ProgrammeMeasure:
    initiative = _editable(session, user, initiative_id)
    try:
        data = validate_measure(raw)
    except InvalidProgramme as invalid:
        raise ProgrammeRefused(invalid.errors) from invalid
    now = utc_now()
    measure = ProgrammeMeasure(
        initiative_id=initiative_id,
        direction=data.direction.value,
        title=data.title,
        owner=data.owner,
        due_on=data.due_on,
        created_at=now,
        created_by_id=user.id,
        indicators=[
            ProgrammeIndicator(
                name=i.name,
                unit=i.unit,
                baseline=i.baseline,
                target=i.target,
                actual=i.actual,
                updated_at=now,
                updated_by_id=user.id,
            )
            for i in data.indicators
        ],
    )
    session.add(measure)
    session.flush()
    after = {
        "direction": data.direction.value,
        "title": data.title,
        "owner": data.owner,
        "due_on": data.due_on,
        "indicators": [_indicator_dict(i) for i in measure.indicators],
    }
    record_audit(
        session, initiative, action="programme.measure.add", actor=user,
        target=("programme_measure", measure.id), after=after, at=now,
    )  # fmt: skip
    return measure


@unit_of_work
def update_indicator(
    session: Session,
    *,
    user: User,
    indicator_id: int,
    raw: Mapping[str, Any],
    initiative_id: int | None = None,
) -> ProgrammeIndicator:
    """New figures for a target indicator (the actual as it comes in, or a target the
    yearly review revised); `initiative_id`, when given, must be the indicator's."""
    indicator = queries.indicator(session, indicator_id)
    if indicator is None or initiative_id not in (None, indicator.measure.initiative_id):
        raise errors.NotFound(f"No indicator {indicator_id}.")
    initiative = _editable(session, user, indicator.measure.initiative_id)
    try:
        figures = validate_indicator_update(raw)
    except InvalidProgramme as invalid:
        raise ProgrammeRefused(invalid.errors) from invalid
    before = _indicator_dict(indicator)
    for field, value in figures.items():
        setattr(indicator, field, value)
    indicator.updated_at, indicator.updated_by_id = utc_now(), user.id
    session.flush()
    record_audit(
        session, initiative, action="programme.indicator.update", actor=user,
        target=("programme_indicator", indicator.id), before=before,
        after=_indicator_dict(indicator), at=indicator.updated_at,
    )  # fmt: skip
    return indicator


@unit_of_work
def add_review(
    session: Session, *, user: User, initiative_id: int, raw: Mapping[str, Any]
) -> ProgrammeReview:
    """The yearly review: its date, the body that reviewed (the cluster council) and what
    changed. One per date (Conflict otherwise)."""
    initiative = _editable(session, user, initiative_id)
    try:
        data = validate_review(raw, today=local_today())
    except InvalidProgramme as invalid:
        raise ProgrammeRefused(invalid.errors) from invalid
    taken = errors.Conflict(
        f"There is already a review dated {data.reviewed_on}.", code="programme_review_exists"
    )
    if queries.review_on(session, initiative_id=initiative_id, on=data.reviewed_on):
        raise taken
    review = ProgrammeReview(
        initiative_id=initiative_id,
        reviewed_on=data.reviewed_on,
        body=data.body,
        changes=data.changes,
        created_by_id=user.id,
    )
    session.add(review)
    try:
        session.flush()
    except IntegrityError as error:  # the same date, recorded meanwhile
        raise taken from error
    after = {"reviewed_on": data.reviewed_on, "body": data.body, "changes": data.changes}
    target = ("programme_review", review.id)
    record_audit(
        session, initiative, action="programme.review.add", actor=user, target=target, after=after
    )
    return review
