"""The portfolio ranked by readiness: by the stored figures while they all hold, by the
figures counted live as soon as one initiative's evidence has expired."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, event
from sqlalchemy.orm import Session

from app.domain.items import ItemStatus, ItemUpdate
from app.evidence import services as evidence_services
from app.evidence.services import NewEvidence
from app.evidence.storage import BlobStore
from app.initiatives import items as initiative_items
from app.initiatives import services as initiatives
from app.models.initiatives import Initiative
from app.phases import Phase, get_model
from app.portfolio.queries import Scope, portfolio_page
from app.portfolio.rules import PortfolioFilters
from app.readiness import queries as readiness_queries
from bench.generate_portfolio import generate
from tests.conftest import People

KEYS = [i.key for i in get_model().required_items(Phase.STARTING_POINT)][:3]
BY_READINESS = PortfolioFilters(sort="readiness", order="desc")


def tick(
    session: Session, people: People, initiative: Initiative, key: str, expires: date | None
) -> None:
    evidence_services.add_evidence(
        session, actor=people.admin, initiative_id=initiative.id, key=key,
        new=NewEvidence("note", note="Protokoll", expires_on=expires),
        store=BlobStore(None), max_bytes=1_000_000,
    )  # fmt: skip
    initiative_items.update_item(
        session, actor=people.admin, initiative_id=initiative.id, key=key,
        update=ItemUpdate(ItemStatus.DONE),
    )  # fmt: skip


def ranked(session: Session, people: People, now: datetime) -> list[int]:
    scope = Scope(user=people.support, now=now, default_stalled_days=30)
    return [row.id for row in portfolio_page(session, scope, BY_READINESS).rows]


def test_an_initiative_whose_evidence_expired_ranks_by_its_live_readiness(
    session: Session, people: People, initiative: Initiative
) -> None:
    now = datetime.now(UTC)
    soon = now.date() + timedelta(days=10)
    # Three results settled, two of them on evidence that expires in ten days...
    for key, expires in zip(KEYS, (soon, soon, None), strict=True):
        tick(session, people, initiative, key, expires)
    # ...against two settled for good.
    other = initiatives.create_initiative(
        session, actor=people.support, name="Ljusnoden", region="Skåne"
    )
    for key in KEYS[1:]:
        tick(session, people, other, key, None)

    assert readiness_queries.all_hold(session, now.date())
    assert ranked(session, people, now) == [initiative.id, other.id]

    later = now + timedelta(days=11)
    assert not readiness_queries.all_hold(session, later.date())
    assert ranked(session, people, later) == [other.id, initiative.id]


def planned(connection: Connection, seed: int, run: Callable[[], object], picked: str) -> Any:
    """The parameters and plan lines of the one statement with `picked` that `run` sends, on
    a portfolio of 500 with its statistics gathered. On a table of a page or two a planner
    rightly scans it, and PostgreSQL's choice on a few hundred rows still turns on its
    estimates: with scans priced out, the plan says whether an index can serve."""
    generate(connection, 500, seed=seed)
    connection.exec_driver_sql("ANALYZE")
    postgres = connection.dialect.name == "postgresql"
    if postgres:
        connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
    sent: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        sent.append((statement, parameters))

    event.listen(connection, "before_cursor_execute", record)
    try:
        run()
    finally:
        event.remove(connection, "before_cursor_execute", record)
    ((statement, parameters),) = [s for s in sent if picked in s[0]]
    explain = "EXPLAIN " if postgres else "EXPLAIN QUERY PLAN "
    plan = [str(r[-1]) for r in connection.exec_driver_sql(explain + statement, parameters)]
    return parameters, plan


def test_whether_all_hold_is_two_index_look_ups(session: Session, connection: Connection) -> None:
    parameters, plan = planned(
        connection, 3, lambda: readiness_queries.all_hold(session, datetime.now(UTC).date()),
        "initiatives",
    )  # fmt: skip
    # Nothing bound: PostgreSQL plans a prepared statement once for any value bound, and
    # that generic plan guessed that a third of the rows fell before the day, and scanned.
    assert not parameters, parameters
    if connection.dialect.name == "postgresql":
        # An index scan or, on some statistics (one run in a few under xdist), a bitmap
        # scan of the same index: either way no scan of the table.
        lines = "\n".join(plan)
        assert "Seq Scan" not in lines and "ix_initiatives_unranked" in lines, plan
        assert "ix_initiatives_current_renewal_due_on" in lines, plan
        return
    on_initiatives = [line for line in plan if "initiatives" in line]
    assert len(on_initiatives) == 2, plan
    for line in on_initiatives:  # SQLite: "SCAN/SEARCH initiatives USING … INDEX"
        assert "INDEX" in line, plan
    assert "ix_initiatives_unranked" in " ".join(plan), plan


def test_the_first_page_by_readiness_is_read_off_an_index(
    session: Session, people: People, connection: Connection
) -> None:
    # While every figure holds, the page is the first rows of migration 0019's index, not
    # a sort of the whole portfolio.
    def first_page() -> None:
        assert len(ranked(session, people, datetime.now(UTC))) == 50

    _, lines = planned(connection, 4, first_page, "ORDER BY readiness DESC")
    postgres = connection.dialect.name == "postgresql"
    plan = " / ".join(lines)
    assert "ix_initiatives_readiness_rank" in plan, plan
    assert ("Sort" not in plan) if postgres else ("TEMP B-TREE" not in plan), plan
