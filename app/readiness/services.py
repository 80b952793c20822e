"""Keeping the stored readiness right: every use-case that changes item states,
evidence, the phase or the model version calls `recompute` in its unit of work. Each
write copies the current phase's readiness onto the initiative's row as well (`mirror`),
which the portfolio ranks by; `klusterfas db check` compares the two.

Recomputing one initiative from its own item states is cheap (a few hundred rows)
and always right, so nothing is patched incrementally.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import (
    ColumnClause,
    Select,
    Update,
    bindparam,
    delete,
    exists,
    insert,
    literal_column,
    select,
    update,
)
from sqlalchemy.orm import Session

from app.audit import head_writes
from app.audit import log as audit_log
from app.audit.log import Rider
from app.clock import today as clock_today
from app.db import table_of
from app.models.initiatives import Initiative
from app.models.readiness import PhaseReadiness
from app.phases import PHASE_ORDER, Phase, get_model
from app.readiness.queries import facts
from app.readiness.rules import PhaseFigures, PieceFact, StateFact, figures
from app.uow import hold, unit_of_work

CHUNK = 500


def mirror(ids: Sequence[int]) -> Update:
    """The UPDATE that copies each initiative's current-phase readiness onto its row (none
    when closed): after any write of phase_readiness or of the phase."""
    current = (
        select(PhaseReadiness.readiness, PhaseReadiness.renewal_due_on)
        .where(
            PhaseReadiness.initiative_id == Initiative.id,
            PhaseReadiness.phase == Initiative.phase,
        )
        .correlate(Initiative)
    )
    return (
        update(Initiative)
        .where(Initiative.id.in_(ids))
        .values(
            current_readiness=current.with_only_columns(PhaseReadiness.readiness).scalar_subquery(),
            current_renewal_due_on=current.with_only_columns(
                PhaseReadiness.renewal_due_on
            ).scalar_subquery(),
        )
        .execution_options(synchronize_session=False)
    )


def _write(session: Session, versions: dict[int, str], on: date) -> None:
    ids = list(versions)
    states, pieces = facts(session, ids)
    rows = [
        {"initiative_id": i, **f.row()}
        for i in ids
        for f in figures(get_model(versions[i]), states[i], pieces[i], on)
    ]
    session.execute(delete(PhaseReadiness).where(PhaseReadiness.initiative_id.in_(ids)))
    if rows:
        session.execute(insert(PhaseReadiness), rows)
    session.execute(mirror(ids))


Carried = tuple[float | None, date | None]  # what an initiative's row holds: readiness, renewal


Write = tuple[Update, dict[str, Any]]  # a statement and its values


def store_phase(
    session: Session,
    initiative_id: int,
    *,
    version: str,
    phase: Phase,
    states: Iterable[StateFact],
    pieces: Iterable[PieceFact],
    carried: Carried | None = None,
    along: Write | None = None,
    audit: Rider | None = None,
) -> PhaseFigures:
    """Store `phase`'s figures from the states and evidence the caller read (and changed)
    under the initiative's lock, in its unit of work: one UPDATE, without reading them
    again (an item save); and on the initiative's row too while `phase` is its current one
    (one UPDATE more, unless `carried`, what the row holds, is that already). Every phase
    is recomputed when the initiative has no row for `phase` yet. Returns what it stored
    for `phase`.

    `along`: the caller's write that changed the figures (an item's row). On PostgreSQL it
    and the UPDATEs here go as one statement: in a save that holds this process's writers'
    queue (app.writer_queue) each statement costs its Python and a wait for the GIL.
    `audit`: the unit of work's audit entry, which then rides in that statement too
    (app.audit.log.rider)."""
    (mine,) = figures(get_model(version), states, pieces, clock_today(), phases=(phase,))
    row = mine.row()
    del row["phase"]
    mirrored = carried != (mine.readiness, mine.renewal_due_on)  # most ticks leave it be
    values = {
        "of_initiative": initiative_id,
        "in_phase": phase,
        **{f"new_{k}": v for k, v in row.items()},
    }
    mirror = {
        "in_phase": phase,
        "mirror_of": initiative_id,
        "mirror_readiness": mine.readiness,
        "mirror_renewal_due_on": mine.renewal_due_on,
    }
    if session.get_bind().dialect.name == "postgresql":
        # One parameter set for all: none is named as a column of a table written (an
        # UPDATE's SET takes those too, SQLAlchemy's way).
        statement = _in_one(
            tuple(row), mirrored, along[0] if along is not None else None, audit is not None
        )
        every = {**values, **(mirror if mirrored else {}), **(along[1] if along else {}),
                 **(audit.params if audit is not None else {})}  # fmt: skip
        answer = session.execute(statement, every).one()
        if audit is not None:
            audit_log.rode(session, audit, answer)
        if not answer.stored:
            _write(session, {initiative_id: version}, clock_today())
        return mine
    if along is not None:
        session.execute(along[0], along[1])
    done = session.execute(_store_statement(tuple(row)), values)
    if not done.rowcount:  # type: ignore[attr-defined]
        _write(session, {initiative_id: version}, clock_today())
    elif mirrored:
        session.execute(_mirror_statement(), mirror)
    return mine


@cache
def _in_one(
    fields: tuple[str, ...], mirrored: bool, along: Update | None, audit: bool
) -> Select[Any]:
    """PostgreSQL: `along`, the store, (when `mirrored`) the mirror and (`audit`) the audit
    entry as one statement, which answers whether the store updated a row (`stored`). Each
    UPDATE is a CTE the answer refers to (SQLAlchemy renders no CTE that nothing refers to;
    PostgreSQL runs each once)."""
    one: ColumnClause[int] = literal_column("1")
    stored = _store_statement(fields).returning(one).cte("stored")
    answers: list[Any] = [exists(select(one).select_from(stored)).label("stored")]
    if mirrored:
        table = table_of(Initiative)
        mirror = (
            _mirror_statement()
            .where(exists(select(one).select_from(stored)))
            .returning(table.c.id)
            .cte("mirrored")
        )
        answers.append(exists(select(one).select_from(mirror)))
    if along is not None:
        written = along.returning(one).cte("along")
        answers.append(exists(select(one).select_from(written)))
    if not audit:
        return select(*answers)
    appended, columns = head_writes.riding()
    return select(*answers, *columns).add_cte(appended)


# Built once, on the tables (app.db.table_of): every item save runs them.
@cache
def _store_statement(fields: tuple[str, ...]) -> Update:
    table = table_of(PhaseReadiness)
    return (
        update(table)
        .where(
            table.c.initiative_id == bindparam("of_initiative"),
            table.c.phase == bindparam("in_phase"),
        )
        .values({field: bindparam(f"new_{field}") for field in fields})
    )


@cache
def _mirror_statement() -> Update:
    table = table_of(Initiative)
    return (
        update(table)
        .where(table.c.id == bindparam("mirror_of"), table.c.phase == bindparam("in_phase"))
        .values(
            current_readiness=bindparam("mirror_readiness"),
            current_renewal_due_on=bindparam("mirror_renewal_due_on"),
        )
    )


@unit_of_work
def recompute(
    session: Session,
    initiative_id: int,
    *,
    locked_version: str | None = None,
    phase: Phase | None = None,
) -> None:
    """Store the readiness of every phase of one initiative (or only of `phase`), from its
    item states.

    Locks the initiative first (FOR UPDATE on PostgreSQL), so that of two concurrent
    writes to the same initiative the second recomputes after the first committed and
    reads its item states too. A caller that has already written the initiative row in
    this unit of work (so holds its lock) passes its model version as `locked_version`.
    """
    session.flush()
    # FOR NO KEY UPDATE, as app.uow.lock_initiative: rows referring to it do not wait.
    version = locked_version or session.scalar(
        select(Initiative.model_version)
        .where(Initiative.id == initiative_id)
        .with_for_update(key_share=True)
    )
    if version is None:
        return
    hold(session, (Initiative, initiative_id))
    if phase in PHASE_ORDER:  # only its row (an item save touches no other)
        states, pieces = facts(session, [initiative_id], prefix=f"{phase.value}.")
        store_phase(
            session, initiative_id, version=version, phase=phase,
            states=states[initiative_id], pieces=pieces[initiative_id],
        )  # fmt: skip
        return
    _write(session, {initiative_id: version}, clock_today())


@unit_of_work
def recompute_all(session: Session, on: date | None = None) -> int:
    """Recompute every initiative (a repair, and the backfill of the migration)."""
    versions = dict(session.execute(select(Initiative.id, Initiative.model_version)).all())
    ids = sorted(versions)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        _write(session, {i: versions[i] for i in chunk}, on or clock_today())
    return len(ids)
