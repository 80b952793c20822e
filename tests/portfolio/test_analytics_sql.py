"""Time in phase is ranked in SQL: the box plot's five numbers are those of every finished
stay worked out in Python, for any number of stays."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.models.initiatives import Initiative, Transition
from app.phases import Phase
from app.portfolio import analytics
from app.portfolio.rules import five_numbers
from tests.conftest import People
from tests.portfolio.helpers import advance_to


@pytest.mark.parametrize("stays", [1, 2, 3, 4, 5, 7])
def test_the_five_numbers_match_python(session: Session, people: People, stays: int) -> None:
    from app.initiatives import services as initiatives

    start = datetime(2025, 1, 1, tzinfo=UTC)
    spans = []
    for n in range(stays):
        created = initiatives.create_initiative(
            session, actor=people.support, name=f"Nod {n}", region="Skåne", sector="Textil"
        )
        advance_to(session, people, created, Phase.INITIATION)
        days = 3.25 * n * n + 1.5  # uneven spacing: the quartiles interpolate
        spans.append(days)
        session.execute(
            update(Initiative).where(Initiative.id == created.id).values(created_at=start)
        )
        session.execute(
            update(Transition)
            .where(Transition.initiative_id == created.id)
            .values(created_at=start + timedelta(days=days))
        )
    session.flush()
    found = analytics.time_in_phase(session, select(Initiative.id))
    expected = five_numbers(spans)
    got = found[Phase.STARTING_POINT]
    assert got is not None
    assert got == pytest.approx(expected, abs=1e-6)
    assert found[Phase.PILOT] is None
