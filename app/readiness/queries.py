"""Reads of the stored readiness: the facts a recomputation needs, the SQL columns the
portfolio sorts and filters by, and the consistency check."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from functools import cache, lru_cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Row,
    Select,
    and_,
    bindparam,
    case,
    func,
    null,
    or_,
    select,
    text,
)
from sqlalchemy.orm import Session

from app.db import table_of
from app.evidence.queries import pieces_served
from app.models.initiatives import NOT_CLOSED, UNRANKED, Initiative, ItemState
from app.models.readiness import PhaseReadiness
from app.phases import Phase, get_model
from app.readiness.rules import PhaseFigures, PieceFact, StateFact, differences, figures

CHUNK = 500


def facts(
    session: Session, initiative_ids: list[int], *, prefix: str | None = None
) -> tuple[dict[int, list[StateFact]], dict[int, list[PieceFact]]]:
    """The item states (those whose key starts with `prefix`, if given) and their evidence
    in force or waiting (not withdrawn) of some initiatives: one query.

    Evidence of an item without a state row cannot count: such an item is open."""
    states: dict[int, list[StateFact]] = {i: [] for i in initiative_ids}
    pieces: dict[int, list[PieceFact]] = {i: [] for i in initiative_ids}
    # Shared pieces count for each item they serve.
    served = pieces_served(initiative_ids, prefix=prefix)
    query = (
        select(
            ItemState.initiative_id, ItemState.item_key, ItemState.status,
            ItemState.needs_confirmation, served.c.evidence_id, served.c.effective_on,
            served.c.expires_on,
        )
        .outerjoin(
            served,
            and_(
                served.c.initiative_id == ItemState.initiative_id,
                served.c.item_key == ItemState.item_key,
            ),
        )
        .where(ItemState.initiative_id.in_(initiative_ids))
    )  # fmt: skip
    if prefix is not None:
        query = query.where(ItemState.item_key.startswith(prefix, autoescape=True))
    seen: set[tuple[int, str]] = set()
    for initiative_id, key, status, confirm, piece, effective, expires in session.execute(query):
        if (initiative_id, key) not in seen:
            seen.add((initiative_id, key))
            states[initiative_id].append(StateFact(key, status, bool(confirm)))
        if piece is not None:
            pieces[initiative_id].append(PieceFact(key, effective, expires))
    return states, pieces


def phase_states(
    session: Session, initiative_id: int, phase: Phase, key: str | None = None
) -> tuple[dict[str, Row[Any]], list[PieceFact]]:
    """The item states of one phase of an initiative, as rows of the table, with the
    evidence that serves them, as `facts` counts it: one query, for an item save. Read
    afresh, as rows: ORM objects cost a save more than the read itself. The row of item
    `key` has every column; the others only what the figures count (the rest None)."""
    states: dict[str, Row[Any]] = {}
    pieces: list[PieceFact] = []
    statement, found = _phase_states(phase), {"initiative_id": initiative_id, "key": key}
    for row in session.connection().execute(statement, found):  # Core: no ORM execution
        states[row.item_key] = row
        if row.served_from is not None:
            pieces.append(PieceFact(row.item_key, row.served_from, row.served_until))
    return states, pieces


def state_facts(rows: Iterable[Any]) -> list[StateFact]:
    """The facts of item-state rows (or ItemStates) that the figures count."""
    return [StateFact(r.item_key, r.status, bool(r.needs_confirmation)) for r in rows]


_ON_EVERY_ROW = frozenset({"id", "initiative_id", "item_key", "status", "needs_confirmation"})


@cache
def _phase_states(phase: Phase) -> Select[Any]:
    # Built once a phase, the initiative bound (app.initiatives.queries says why).
    served = pieces_served(None)
    table = table_of(ItemState)
    # The columns only the saved item's row needs: turning them into Python objects on
    # every row of the phase (a datetime, an enum, texts) cost a save more than the query.
    one = table.c.item_key == bindparam("key")
    columns = [
        c if c.key in _ON_EVERY_ROW else case((one, c), else_=null()).label(c.key) for c in table.c
    ]
    return (
        select(
            *columns,
            served.c.effective_on.label("served_from"),
            served.c.expires_on.label("served_until"),
        )
        .outerjoin(
            served,
            and_(
                served.c.initiative_id == table.c.initiative_id,
                served.c.item_key == table.c.item_key,
            ),
        )
        .where(
            table.c.initiative_id == bindparam("initiative_id"),
            table.c.item_key.startswith(f"{phase.value}.", autoescape=True),
        )
    )


def stored_phase(session: Session, initiative_id: int, phase: Phase) -> PhaseReadiness | None:
    return session.get(PhaseReadiness, (initiative_id, phase), populate_existing=True)


def _stored_row(row: PhaseReadiness) -> dict[str, object]:
    return {
        "done": row.done,
        "open": row.open,
        "required_total": row.required_total,
        "required_open": row.required_open,
        "needs_renewal": row.needs_renewal,
        "needs_confirmation": row.needs_confirmation,
        "readiness": row.readiness,
        "renewal_due_on": row.renewal_due_on,
        "checklists": row.checklists,
    }


def check(session: Session, today: date) -> Iterator[str]:
    """Every difference between the stored figures and a recomputation from the item
    states, one line each (nothing when they agree). Rows whose figures are past their
    `renewal_due_on` are read live by everyone, so they only have to say so."""
    ids = list(session.scalars(select(Initiative.id).order_by(Initiative.id)))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        initiatives = session.execute(
            select(
                Initiative.id, Initiative.model_version, Initiative.phase,
                Initiative.current_readiness, Initiative.current_renewal_due_on,
            ).where(Initiative.id.in_(chunk))
        ).all()  # fmt: skip
        states, pieces = facts(session, chunk)
        stored: dict[int, dict[Phase, dict[str, object]]] = {i: {} for i in chunk}
        past: set[tuple[int, Phase]] = set()
        rows = {
            (row.initiative_id, row.phase): row
            for row in session.scalars(
                select(PhaseReadiness).where(PhaseReadiness.initiative_id.in_(chunk))
            )
        }
        for initiative_id, _version, phase, readiness, due in initiatives:
            current = rows.get((initiative_id, phase))
            expected = (current.readiness, current.renewal_due_on) if current else (None, None)
            if (readiness, due) != expected:
                yield (
                    f"initiative {initiative_id}: its row carries readiness {readiness}"
                    f" (renewal {due}) for its current phase, stored {expected[0]}"
                    f" (renewal {expected[1]})"
                )
        for row in rows.values():
            if row.renewal_due_on is not None and row.renewal_due_on < today:
                past.add((row.initiative_id, row.phase))  # read live by everyone
                continue
            stored[row.initiative_id][row.phase] = _stored_row(row)
        for initiative_id, version, *_ in initiatives:
            fresh: list[PhaseFigures] = figures(
                get_model(version), states[initiative_id], pieces[initiative_id], today
            )
            fresh = [f for f in fresh if (initiative_id, f.phase) not in past]
            for problem in differences(stored[initiative_id], fresh):
                yield f"initiative {initiative_id}: {problem}"


def stale_ids(session: Session, today: date) -> list[int]:
    return list(
        session.scalars(
            select(PhaseReadiness.initiative_id)
            .where(PhaseReadiness.renewal_due_on < today)
            .distinct()
        )
    )


@lru_cache(maxsize=4)
def stored_readiness(today: date) -> ColumnElement[Any]:
    """Per initiative (a column of a select of Initiative), the stored readiness of its
    current phase while the figures hold on `today`, else NULL: from its own row, which
    carries it for this (services.mirror), so ranking needs no look-up."""
    holds = or_(
        Initiative.current_renewal_due_on.is_(None), Initiative.current_renewal_due_on >= today
    )
    return case((holds, Initiative.current_readiness), else_=None)


def all_hold(session: Session, today: date) -> bool:
    """Whether every initiative that is not closed carries a stored readiness that holds
    on `today`: then ranking needs no live count (portfolio.readiness.readiness_score).
    Two index look-ups (migration 0018), whatever the size of the portfolio."""
    query = _all_hold(session.get_bind().dialect.name)
    unranked, first_due = session.execute(query).one()
    return not unranked and (first_due is None or first_due >= today)


@cache
def _all_hold(dialect: str) -> Select[int, date | None]:
    # No parameter at all: PostgreSQL's generic plan of a prepared statement guessed that
    # a third of the rows fell before the day bound, and scanned them all (1.9 ms at
    # 10,000 against 0.2). A count, not EXISTS: PostgreSQL guessed that a scan would soon
    # find an unranked row (closed ones have no readiness either), and scanned them all.
    # SQLite, without statistics, took the ranking's index for `current_readiness IS NULL`
    # and read every closed initiative through it (0.8 ms at 10,000): it is told to use
    # migration 0018's partial index, which is this very condition.
    table = "initiatives INDEXED BY ix_initiatives_unranked" if dialect == "sqlite" else None
    unranked = (
        select(func.count())
        .select_from(text(table) if table else Initiative.__table__)
        .where(text(UNRANKED))
    )
    first_due = select(func.min(Initiative.current_renewal_due_on)).where(text(NOT_CLOSED))
    return select(unranked.scalar_subquery(), first_due.scalar_subquery())


def current_figures(session: Session, ids: list[int]) -> dict[int, PhaseReadiness]:
    """The stored row of each initiative's current phase (closed ones have none)."""
    query = (
        select(PhaseReadiness)
        .join(Initiative, Initiative.id == PhaseReadiness.initiative_id)
        .where(PhaseReadiness.initiative_id.in_(ids), PhaseReadiness.phase == Initiative.phase)
    )
    return {row.initiative_id: row for row in session.scalars(query)}


def count_rows(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(PhaseReadiness)) or 0


def live_figures(session: Session, rows: Sequence[Any], today: date) -> dict[int, PhaseFigures]:
    """The current phase's figures computed from the item states, for the rows (each with
    its `id`, `model_version` and `phase`) whose stored ones are missing or no longer hold
    (usually none: then no query)."""
    if not rows:
        return {}
    ids = [row.id for row in rows]
    states, pieces = facts(session, ids)
    found = {}
    for row in rows:
        model = get_model(row.model_version)
        fresh = figures(model, states[row.id], pieces[row.id], today)
        found[row.id] = next(f for f in fresh if f.phase == row.phase)
    return found
