"""The rows of the portfolio exports, streamed from the stored state.

One statement, the dashboard's page statement over every matching initiative: the
progress comes from the stored readiness of the current phase (app/readiness), and is
computed live only for the rare initiative whose stored figures are past their
`renewal_due_on`, as the portfolio's readiness is. On PostgreSQL the chunks are read a
chunk ahead in a thread of their own (`read_ahead`), so that the database and the writer
work at once.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Generator, Iterator, Sequence
from typing import Any, TypeVar

from sqlalchemy import Select
from sqlalchemy.orm import Session

from app.portfolio import details, queries
from app.portfolio.filtering import apply_filters, stalled_thresholds
from app.portfolio.queries import PortfolioRow, Scope, visible_ids
from app.portfolio.rules import PortfolioFilters, scores_needed
from app.portfolio.scores import scores
from app.readiness.rules import PhaseFigures

CHUNK = 500
T = TypeVar("T")


def _select(
    dialect: str, scope: Scope, filters: PortfolioFilters, thresholds: dict[str, int]
) -> Any:
    """Every matching initiative with the dashboard's columns, in its order. The stalled
    flag is the caller's to work out from the last activity, as the dashboard does, unless
    a filter asks for it (in SQL it repeats the look-ups of the last activity)."""
    needed = scores_needed(filters) | {"readiness", "last_activity"}
    columns = scores(dialect, now=scope.now, default_stalled_days=scope.default_stalled_days,
                     thresholds=thresholds, only=needed)  # fmt: skip

    # On PostgreSQL, the filters on the select itself (details.with_figures says why).
    # SQLite then walked the name index and read each row from it: slower than its own sort
    # of the ids it looks up (345 against 290 ms at 10,000).
    def narrow(query: Select[Any]) -> Select[Any]:
        return apply_filters(queries.restrict_visible(query, scope.user), filters)

    query = details.with_figures(
        visible_ids(scope, filters), scope.now, *columns,
        narrow=narrow if dialect == "postgresql" else None,
    )  # fmt: skip
    # The same score filters and order as the dashboard's (app/portfolio/queries.py).
    query = queries._score_filters(query, filters)
    return query.order_by(*queries._order(filters, query))


def iter_rows(
    session: Session, scope: Scope, filters: PortfolioFilters, *, chunk: int = CHUNK
) -> Iterator[PortfolioRow]:
    """Every matching row in the dashboard's order, as its pages show them (exports, digest):
    the progress as stored, or counted live for the rare row whose figures no longer hold
    today (a closed initiative has none)."""
    dialect = session.get_bind().dialect.name
    thresholds = stalled_thresholds(session)
    query = _select(dialect, scope, filters, thresholds).execution_options(yield_per=chunk)
    today = scope.now.date()

    def parts() -> Generator[tuple[Sequence[Any], dict[int, PhaseFigures]], None, None]:
        # Core, not the ORM: plain columns need none of its result machinery.
        for part in session.connection().execute(query).partitions():
            yield part, queries.figures_counted_live(session, part, today)

    # SQLite's work is this process's own, in steps too short to hand over the GIL: a
    # thread reading ahead made the export slower there (1.24-1.27 -> 1.29-1.44x the bare
    # CSV at 10,000), where on PostgreSQL it hides the server's time.
    chunks = read_ahead(parts()) if dialect == "postgresql" else parts()
    for part, live in chunks:
        yield from queries.each_row_of(part, live, scope, thresholds)


class _Failed:
    def __init__(self, error: BaseException) -> None:
        self.error = error


_END = object()


def read_ahead(produced: Generator[T, None, None], depth: int = 2) -> Generator[T, None, None]:
    """`produced`, run `depth` items ahead in a thread of its own: the database computes
    and sends the next chunk while the caller writes this one (an export of 10,000 rows
    spent 100 of its 250 ms waiting for the next FETCH). Only that thread touches what
    `produced` reads from (the session), until it has ended; an error there is raised
    here; closing this stops it."""
    handed: queue.Queue[Any] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def hand(item: Any) -> bool:
        while not stop.is_set():
            try:
                handed.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            for item in produced:
                if not hand(item):
                    break
        except BaseException as error:  # raised again in the consumer's thread
            hand(_Failed(error))
            return
        finally:
            if stop.is_set():
                produced.close()
        hand(_END)

    reader = threading.Thread(target=produce, name="klusterfas-read-ahead", daemon=True)
    reader.start()
    try:
        while (item := handed.get()) is not _END:
            if isinstance(item, _Failed):
                raise item.error
            yield item
    finally:
        stop.set()
        reader.join()
