"""Reads of Cluster Excellence labels and readiness notes: one initiative's, the label in
force for the portfolio's rows, and the labels of the portfolio that lapse soon."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, joinedload

from app.excellence.rules import ReadinessArea
from app.models.evidence import Evidence
from app.models.excellence import ClusterLabel, ReadinessNote
from app.models.initiatives import Initiative


def labels(session: Session, initiative_id: int) -> Sequence[ClusterLabel]:
    """Latest award first: one query."""
    return session.scalars(
        select(ClusterLabel)
        .options(joinedload(ClusterLabel.created_by))
        .where(ClusterLabel.initiative_id == initiative_id)
        .order_by(ClusterLabel.awarded_on.desc(), ClusterLabel.id.desc())
    ).all()


def label_record(label: ClusterLabel) -> dict[str, Any]:
    """A label as plain JSON: the API, the audit pack and the reports read these fields."""
    return {
        "id": label.id,
        "initiative_id": label.initiative_id,
        "level": label.level.value,
        "awarded_on": label.awarded_on.isoformat(),
        "valid_until": label.valid_until.isoformat(),
        "assessing_organisation": label.assessing_organisation,
        "evidence_id": label.evidence_id,
        "created_at": label.created_at.isoformat(),
        "created_by": label.created_by.email if label.created_by else None,
    }


def export(session: Session, initiative_id: int) -> dict[str, Any]:
    return {"items": [label_record(label) for label in labels(session, initiative_id)]}


def label_in_force(today: date) -> tuple[Any, Any]:
    """The level and last valid day of the label in force on `today` (the latest awarded),
    as scalar subqueries correlated to Initiative: columns of the portfolio's rows."""

    def latest(column: Any) -> Any:
        return (
            select(column)
            .where(
                ClusterLabel.initiative_id == Initiative.id,
                ClusterLabel.awarded_on <= today,
                ClusterLabel.valid_until >= today,
            )
            .order_by(ClusterLabel.awarded_on.desc(), ClusterLabel.id.desc())
            .limit(1)
            .correlate(Initiative)
            .scalar_subquery()
        )

    return latest(ClusterLabel.level), latest(ClusterLabel.valid_until)


def expiring(
    session: Session, ids: Select[Any], *, today: date, within_days: int | None
) -> list[tuple[ClusterLabel, Initiative]]:
    """The labels of the chosen initiatives, soonest to lapse first; with `within_days`,
    only those still valid today whose last valid day is at most that many days away."""
    query = (
        select(ClusterLabel, Initiative)
        .join(Initiative, Initiative.id == ClusterLabel.initiative_id)
        .options(joinedload(ClusterLabel.created_by))
        .where(ClusterLabel.initiative_id.in_(ids))
    )
    if within_days is not None:
        query = query.where(
            ClusterLabel.valid_until >= today,
            ClusterLabel.valid_until <= today + timedelta(days=within_days),
        )
    query = query.order_by(ClusterLabel.valid_until, Initiative.name, ClusterLabel.id)
    return [(label, initiative) for label, initiative in session.execute(query).all()]


def notes(session: Session, initiative_id: int) -> dict[ReadinessArea, list[ReadinessNote]]:
    """Every area (in the published order) with its notes, newest first: one query."""
    by_area: dict[ReadinessArea, list[ReadinessNote]] = {area: [] for area in ReadinessArea}
    rows = session.scalars(
        select(ReadinessNote)
        .options(joinedload(ReadinessNote.created_by))
        .where(ReadinessNote.initiative_id == initiative_id)
        .order_by(ReadinessNote.created_at.desc(), ReadinessNote.id.desc())
    )
    for note in rows:
        by_area[ReadinessArea(note.area)].append(note)
    return by_area


def usable_evidence(session: Session, initiative_id: int) -> Sequence[Evidence]:
    """The initiative's evidence that is not withdrawn, newest first (a label's report or a
    note's support is chosen from it)."""
    return session.scalars(
        select(Evidence)
        .where(Evidence.initiative_id == initiative_id, Evidence.withdrawn_at.is_(None))
        .order_by(Evidence.added_at.desc(), Evidence.id.desc())
    ).all()
