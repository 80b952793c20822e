"""The exports' rows come from the stored readiness, yet read exactly as the dashboard's
rows do: the same rows, order and figures, also once evidence has expired."""

from __future__ import annotations

import threading
from collections.abc import Generator
from dataclasses import asdict, replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.orm import Session

from app.models.initiatives import Initiative
from app.phases import Phase, get_model
from app.portfolio import export_rows, queries
from app.portfolio.queries import Scope
from app.portfolio.rules import PortfolioFilters
from tests.conftest import People
from tests.portfolio.helpers import build
from tests.portfolio.test_readiness_day import KEY, tick_with_expiring_evidence

MODEL = get_model()
FILTERS = [
    PortfolioFilters(),
    PortfolioFilters(sort="readiness", order="desc"),
    PortfolioFilters(sort="last_activity", readiness_min=10),
    PortfolioFilters(sort="stalled", stalled=False),
    PortfolioFilters(sort="days_in_phase", phase=(Phase.PILOT, Phase.INITIATION)),
    PortfolioFilters(sort="region", order="desc", q="nod"),
]


Rows = list[dict[str, Any]]


def _both(session: Session, scope: Scope, filters: PortfolioFilters) -> tuple[Rows, Rows]:
    page = queries.portfolio_page(session, scope, replace(filters, per_page=100))
    dashboard = [asdict(r) for r in page.rows]
    exported = [asdict(r) for r in export_rows.iter_rows(session, scope, filters, chunk=2)]
    return dashboard, exported


@pytest.mark.parametrize("filters", FILTERS, ids=range(len(FILTERS)))
def test_the_rows_match_the_dashboards(
    session: Session, people: People, filters: PortfolioFilters
) -> None:
    build(session, people)
    scope = Scope(user=people.support, now=datetime.now(UTC), default_stalled_days=30)
    dashboard, exported = _both(session, scope, filters)
    assert exported == dashboard
    if filters == PortfolioFilters():
        assert len(exported) == 4 and any(r["progress"] for r in exported)


def test_progress_is_live_once_the_stored_figures_are_past_their_day(
    session: Session, people: People, initiative: Initiative
) -> None:
    now = datetime.now(UTC)
    tick_with_expiring_evidence(session, people, initiative, now)
    item = MODEL.item(KEY)
    assert item is not None
    for days, settled in ((0, 1), (11, 0)):  # eleven days on, the evidence has expired
        scope = Scope(user=people.support, now=now + timedelta(days=days), default_stalled_days=30)
        dashboard, exported = _both(session, scope, PortfolioFilters())
        assert exported == dashboard
        (row,) = exported
        assert row["progress"][item.category][0] == settled


def test_reading_ahead_keeps_the_order_and_runs_in_a_thread_of_its_own() -> None:
    threads: list[str] = []

    def produced() -> Generator[int, None, None]:
        for n in range(50):
            threads.append(threading.current_thread().name)
            yield n

    assert list(export_rows.read_ahead(produced(), depth=3)) == list(range(50))
    assert set(threads) == {"klusterfas-read-ahead"}


def test_an_error_while_reading_ahead_is_raised_to_the_reader() -> None:
    def produced() -> Generator[int, None, None]:
        yield 1
        raise LookupError("the database went away")

    got = export_rows.read_ahead(produced())
    assert next(got) == 1
    with pytest.raises(LookupError, match="went away"):
        next(got)


def test_closing_the_reader_stops_the_thread_and_closes_what_it_read() -> None:
    closed = threading.Event()

    def produced() -> Generator[int, None, None]:
        try:
            n = 0
            while True:  # endless: only closing stops it
                yield n
                n += 1
        finally:
            closed.set()

    got = export_rows.read_ahead(produced(), depth=2)
    assert [next(got) for _ in range(5)] == [0, 1, 2, 3, 4]
    got.close()  # the client went away mid-download
    assert closed.is_set()
    assert not any(t.name == "klusterfas-read-ahead" for t in threading.enumerate())


def test_postgresql_reads_the_rows_ahead_in_a_thread_sqlite_in_the_callers(
    session: Session, people: People
) -> None:
    build(session, people)
    scope = Scope(user=people.support, now=datetime.now(UTC), default_stalled_days=30)
    bind = session.get_bind()
    threads: list[str] = []

    def record(*_: Any) -> None:
        threads.append(threading.current_thread().name)

    event.listen(bind, "before_cursor_execute", record)
    try:
        rows = list(export_rows.iter_rows(session, scope, PortfolioFilters(), chunk=2))
    finally:
        event.remove(bind, "before_cursor_execute", record)
    assert len(rows) == 4
    reader = "klusterfas-read-ahead"
    if bind.dialect.name == "postgresql":  # the rows' statement (its cursor FETCHes there too)
        assert threads[0] != reader and threads[-1] == reader  # first the thresholds
    else:
        assert reader not in threads
