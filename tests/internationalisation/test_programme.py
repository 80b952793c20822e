"""The internationalisation programme: measures by key direction with target indicators, and
the yearly review; every write audited, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import errors
from app.audit import log as audit_log
from app.internationalisation.programme import services
from app.internationalisation.programme.rules import next_review_due, progress
from app.internationalisation.scale import KeyDirection
from app.models.assessments import ProgrammeMeasure
from app.models.audit import AuditEntry
from app.models.initiatives import Initiative
from tests.conftest import People


def measure(**changes: Any) -> dict[str, Any]:
    return {
        "direction": "production_markets",
        "title": "Gemensam monter på Heimtextil",
        "owner": "Lars Processledare",
        "due_on": "2027-01-15",
        "indicators": [
            {"name": "Exportkontakter", "unit": "st", "baseline": 2, "target": 10, "actual": 4},
            {"name": "Deltagande företag", "target": 6},
        ],
    } | changes


def actions(session: Session, initiative: Initiative) -> list[tuple[str, Any]]:
    rows = session.execute(
        select(AuditEntry.action, AuditEntry.after)
        .where(AuditEntry.initiative_id == initiative.id, AuditEntry.action.like("programme.%"))
        .order_by(AuditEntry.seq)
    )
    return [(action, after) for action, after in rows]


def test_measures_under_the_four_directions_with_indicators_and_reviews(
    session: Session, people: People, initiative: Initiative
) -> None:
    added = services.add_measure(
        session, user=people.leader, initiative_id=initiative.id, raw=measure()
    )
    services.add_measure(
        session,
        user=people.support,
        initiative_id=initiative.id,
        raw=measure(
            direction="science_education",
            title="Gemensam forskarskola",
            due_on="2026-12-01",
            indicators=[],
        ),
    )
    [contacts, companies] = added.indicators
    services.update_indicator(
        session, user=people.leader, indicator_id=contacts.id, raw={"actual": 7}
    )
    services.add_review(
        session,
        user=people.leader,
        initiative_id=initiative.id,
        raw={"reviewed_on": "2026-11-20", "body": "Klusterrådet", "changes": "Målet höjdes."},
    )
    found = services.view(session, user=people.funder, initiative_id=initiative.id)
    assert list(found.measures) == list(KeyDirection)  # every direction, empty ones too
    assert [m.title for m in found.measures[KeyDirection.SCIENCE_EDUCATION]] == [
        "Gemensam forskarskola"
    ]
    [market] = found.measures[KeyDirection.PRODUCTION_MARKETS]
    assert (market.owner, market.due_on) == ("Lars Processledare", date(2027, 1, 15))
    assert [(i.name, i.unit, i.baseline, i.target, i.actual) for i in market.indicators] == [
        ("Exportkontakter", "st", 2.0, 10.0, 7.0),
        ("Deltagande företag", None, None, 6.0, None),
    ]
    assert found.measures[KeyDirection.ORGANISATIONAL] == []
    assert found.last_review == date(2026, 11, 20)
    assert found.next_review_due == date(2027, 11, 20)
    assert found.reviews[0].body == "Klusterrådet"
    logged = actions(session, initiative)
    assert [a for a, _ in logged] == [
        "programme.measure.add",
        "programme.measure.add",
        "programme.indicator.update",
        "programme.review.add",
    ]
    assert logged[0][1]["indicators"][0] == {
        "name": "Exportkontakter",
        "unit": "st",
        "baseline": 2.0,
        "target": 10.0,
        "actual": 4.0,
    }
    assert logged[2][1]["actual"] == 7.0
    assert companies.id != contacts.id
    assert audit_log.verify(session).ok


def test_every_problem_is_named_and_nothing_is_written(
    session: Session, people: People, initiative: Initiative
) -> None:
    bad = measure(
        direction="tourism",
        owner=" ",
        due_on="2027-02-30",
        indicators=[{"name": "", "target": "many"}, {"name": "X", "actual": float("nan")}],
    )
    with pytest.raises(services.ProgrammeRefused) as refused:
        services.add_measure(session, user=people.leader, initiative_id=initiative.id, raw=bad)
    assert set(refused.value.errors) == {
        "direction",
        "owner",
        "due_on",
        "indicators.0.name",
        "indicators.0.target",
        "indicators.1.actual",
    }
    assert refused.value.code == "invalid_programme"
    session.rollback()
    count = select(func.count()).select_from(ProgrammeMeasure)
    assert session.scalar(count) == 0
    with pytest.raises(services.ProgrammeRefused) as future:
        services.add_review(
            session,
            user=people.leader,
            initiative_id=initiative.id,
            raw={"reviewed_on": "2999-01-01", "body": "Rådet", "changes": ""},
        )
    assert set(future.value.errors) == {"reviewed_on", "changes"}


def test_one_review_per_date_and_who_may_change_the_programme(
    session: Session, people: People, initiative: Initiative
) -> None:
    review = {"reviewed_on": "2026-11-20", "body": "Klusterrådet", "changes": "Inget."}
    services.add_review(session, user=people.support, initiative_id=initiative.id, raw=review)
    with pytest.raises(errors.Conflict) as taken:
        services.add_review(session, user=people.support, initiative_id=initiative.id, raw=review)
    assert taken.value.code == "programme_review_exists"
    session.rollback()
    with pytest.raises(errors.Forbidden):
        services.add_measure(
            session, user=people.funder, initiative_id=initiative.id, raw=measure()
        )
    session.rollback()
    with pytest.raises(errors.NotFound):
        services.add_measure(
            session, user=people.outsider, initiative_id=initiative.id, raw=measure()
        )
    session.rollback()
    with pytest.raises(errors.NotFound):
        services.view(session, user=people.outsider, initiative_id=initiative.id)
    added = services.add_measure(
        session, user=people.admin, initiative_id=initiative.id, raw=measure()
    )
    indicator = added.indicators[0].id
    with pytest.raises(errors.Forbidden):
        services.update_indicator(
            session, user=people.funder, indicator_id=indicator, raw={"actual": 1}
        )
    session.rollback()
    with pytest.raises(errors.NotFound):  # the address names another initiative
        services.update_indicator(
            session,
            user=people.admin,
            indicator_id=indicator,
            raw={"actual": 1},
            initiative_id=initiative.id + 1,
        )
    session.rollback()
    with pytest.raises(services.ProgrammeRefused):
        services.update_indicator(
            session, user=people.admin, indicator_id=indicator, raw={"reach": 1}
        )


def test_next_review_and_progress_towards_a_target() -> None:
    assert next_review_due(None) is None
    assert next_review_due(date(2024, 2, 29)) == date(2025, 2, 28)
    assert progress(2, 10, 6) == 0.5
    assert progress(10, 0, 5) == 0.5  # a target below the baseline
    assert progress(None, 10, 6) is None and progress(4, 4, 4) is None
