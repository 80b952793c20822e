"""Saving one item of an initiative's current phase: the use-case behind the item form,
the API's PUT and the support log's save."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import Insert, Select, Update, bindparam, insert, select
from sqlalchemy import update as sql_update
from sqlalchemy.orm import Session, make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value

from app.audit import log as audit_log
from app.clock import today, utc_now
from app.db import table_of
from app.domain import permissions
from app.domain.evidence import Piece
from app.domain.evidence import in_force as in_force_on
from app.domain.items import InvalidItemUpdate, ItemUpdate, unchanged, validate_update
from app.domain.permissions import Role
from app.errors import Conflict, Forbidden, InvalidInput, NotFound
from app.initiatives.answer_reads import AnswerReads, Present, answer_reads, shows_gate
from app.initiatives.answer_reads import presence as presence_columns
from app.initiatives.queries import visible_initiative
from app.models.accounts import User
from app.models.initiatives import Initiative, ItemState
from app.phases import Item, Phase, PhaseModel, get_model
from app.readiness import queries as readiness_queries
from app.readiness.rules import PhaseFigures, PieceFact, StateFact
from app.readiness.services import Carried, store_phase
from app.records import record_audit
from app.uow import hold, unit_of_work


@dataclass(frozen=True)
class SavedItem:
    """The item's state as saved, with what the save read and stored of its phase, under
    the initiative's lock: the answer to the form shows the gate from these, without
    reading them again. `figures` is None when the form changed nothing, so nothing was
    written."""

    state: ItemState
    facts: list[StateFact]  # the phase's states, this item's as saved
    pieces: list[PieceFact]
    figures: PhaseFigures | None
    reads: AnswerReads | None = None  # when asked for (`with_answer_reads`)
    confirmed: bool = False  # the save confirmed a state that a re-entry had put in question


def update_item(
    session: Session, *, actor: User, initiative_id: int, key: str, update: ItemUpdate
) -> ItemState:
    """Save one item of the current phase (`save_item`), for callers that need its state."""
    return save_item(
        session, actor=actor, initiative_id=initiative_id, key=key, update=update
    ).state


@unit_of_work
def save_item(
    session: Session,
    *,
    actor: User,
    initiative_id: int,
    key: str,
    update: ItemUpdate,
    keep_unsent: bool = False,
    unless_unchanged: bool = False,
    with_answer_reads: bool = False,
) -> SavedItem:
    """Save one item of the current phase: at most ten statements, whatever the size of
    the initiative (tests/readiness/test_save_cost.py).

    The initiative's row is locked first, guarded by the phase and version read (a move
    committed meanwhile is a Conflict, never a save into a phase left); then the phase's
    states and evidence are read once, under that lock, for the check, the item's row and
    its stored readiness. The item's row is written to the table: the ORM's flush of one
    changed object costs a save more than the statement it sends.

    As the page's item form asks: `keep_unsent`, a note or link of None keeps what the
    item holds (the form sends neither); `unless_unchanged`, an update that changes
    nothing writes nothing (the page may send the same state twice: once on leaving a
    field, once for the button pressed right after). `with_answer_reads`: what the
    form's answer shows of the item's evidence and the gate's review and conditions, read
    here (app.initiatives.answer_reads), as far as the lock's statement found any."""
    initiative, model, item = editable_item(session, actor, initiative_id, key)
    if item.phase is not initiative.phase:
        raise _not_current(key, item.phase, initiative.phase)
    carried, present = _lock_in_phase(session, initiative, item.phase, key, with_answer_reads)
    rows, pieces = readiness_queries.phase_states(session, initiative.id, item.phase, key)
    row = rows.pop(key, None)
    if keep_unsent and row is not None:
        update = ItemUpdate(
            update.status,
            row.note if update.note is None else update.note,
            row.link if update.link is None else update.link,
            update.justification,
        )
    if unless_unchanged and row is not None and unchanged(row, update):
        state = _as_loaded(session, row._asdict())
        facts = readiness_queries.state_facts([*rows.values(), row])
        return SavedItem(state, facts, pieces, None, _reads(session, initiative.id, item, present))
    on = today()
    in_force = any(
        p.key == key and in_force_on(Piece(p.effective_on, p.expires_on, False), on) for p in pieces
    )
    try:
        clean = validate_update(item, update, has_current_evidence=in_force)
    except InvalidItemUpdate as error:
        raise InvalidInput(error.field, error.message, code=error.code, **error.params) from error
    values = {
        "status": clean.status,
        "note": clean.note,
        "link": clean.link,
        "justification": clean.justification,
        "needs_confirmation": False,  # saving an item confirms it
        "model_version": model.version,
        "updated_by_id": actor.id,
        "updated_at": utc_now(),
    }
    along = None
    if row is None:  # an item the model gained after the initiative was created
        found = {"initiative_id": initiative.id, "item_key": key, "target_date": None}
        found["id"] = session.execute(_insert_statement(), {**found, **values}).scalar_one()
    else:
        found = row._asdict()
        written = {f"item_{name}": value for name, value in values.items()}
        along = _update_statement(), {"state_id": row.id, **written}  # with the figures
    record_audit(
        session, initiative, action="item.update", actor=actor, target=("item", key),
        before=_item_audit(found if row is not None else _BLANK),
        after=_item_audit(values),
    )  # fmt: skip
    facts = [*readiness_queries.state_facts(rows.values()), StateFact(key, clean.status, False)]
    stored = store_phase(
        session, initiative.id, version=model.version, phase=item.phase, pieces=pieces,
        states=facts, carried=carried, along=along, audit=audit_log.rider(session),
    )  # fmt: skip
    state = _as_loaded(session, {**found, **values})
    set_committed_value(state, "updated_by", actor)  # who saved it: no query to learn it
    reads = _reads(session, initiative.id, item, present)
    confirmed = row is not None and bool(row.needs_confirmation)
    return SavedItem(state, facts, pieces, stored, reads, confirmed)


def _reads(
    session: Session, initiative_id: int, item: Item, present: Present | None
) -> AnswerReads | None:
    if present is None:
        return None
    if not shows_gate(item):  # nor its review and conditions
        present = Present(evidence=present.evidence, blockers=False)
    return answer_reads(session, initiative_id, item.key, present)


def _as_loaded(session: Session, columns: dict[str, Any]) -> ItemState:
    """The session's ItemState of the row just written, as if loaded with `columns`
    (which hold every column), without a query: the one it holds, brought up to date, or
    a new one."""
    state = session.identity_map.get(session.identity_key(ItemState, columns["id"]))
    if isinstance(state, ItemState):
        for name in _COLUMNS:
            set_committed_value(state, name, columns[name])
        return state
    state = ItemState(**{name: columns[name] for name in _COLUMNS})
    make_transient_to_detached(state)
    session.add(state)
    return state


_COLUMNS = tuple(column.key for column in table_of(ItemState).c)
_BLANK: dict[str, Any] = {
    "status": None, "note": None, "link": None, "justification": None,
    "needs_confirmation": False,
}  # fmt: skip


@cache
def _update_statement() -> Update:
    table = table_of(ItemState)
    return (
        sql_update(table)
        .where(table.c.id == bindparam("state_id"))
        .values({name: bindparam(f"item_{name}") for name in _WRITTEN})  # named as no column
    )


@cache
def _insert_statement() -> Insert:
    table = table_of(ItemState)
    names = ("initiative_id", "item_key", "target_date", *_WRITTEN)
    return insert(table).values({n: bindparam(n) for n in names}).returning(table.c.id)


_WRITTEN = (
    "status", "note", "link", "justification", "needs_confirmation", "model_version",
    "updated_by_id", "updated_at",
)  # fmt: skip


def changeable_initiative(
    session: Session, *, actor: User, initiative_id: int, key: str
) -> Initiative:
    """The initiative, if `actor` may change the item there (else NotFound or Forbidden):
    what a form checks before a byte of its body is read. The phase is the save's to check,
    in its unit of work. Only reads; the caller ends the read if the body may take its
    time (app.uow.end_read)."""
    initiative, _model, _item = editable_item(session, actor, initiative_id, key)
    return initiative


def editable_item(
    session: Session, actor: User, initiative_id: int, key: str, *, evidence: str | None = None
) -> tuple[Initiative, PhaseModel, Item]:
    """The initiative, its model and the item, if `actor` may see the one and change the
    other (NotFound, Forbidden); with `evidence`, the field that names an item to take
    evidence (InvalidInput for a heading, which takes none). The phase is the caller's."""
    initiative = visible_initiative(session, actor, initiative_id)
    model = get_model(initiative.model_version)
    item = model.item(key)
    if item is None:
        raise NotFound(f"No item {key!r} in {model.version}.")
    if evidence is not None and item.heading:
        raise InvalidInput(
            evidence,
            f"{key!r} is a heading over the items after it: it takes no evidence.",
            code="heading_takes_no_evidence",
        )
    # Leadership sees an initiative only as a member of its group (visible_initiative);
    # no other role's right to edit depends on membership.
    member = actor.role is Role.LEADERSHIP
    if not permissions.can_edit_item(actor.role, item.category, is_member=member):
        raise Forbidden(
            f"Your role may not change {item.category.value} items.", code="may_not_edit_item"
        )
    return initiative, model, item


def _not_current(key: str, phase: Phase, current: Phase) -> Conflict:
    return Conflict(
        f"Item {key!r} belongs to the {phase.value} phase; the initiative is in "
        f"{current.value}. Only the current phase can be changed.",
        code="not_current_phase",
    )


def _lock_in_phase(
    session: Session, initiative: Initiative, phase: Phase, key: str, presence: bool
) -> tuple[Carried, Present | None]:
    """Lock the initiative's row (app.uow's lock order: before the audit head) while it is
    still in `phase` on the version read; a Conflict if a move or a version move came
    first. Returns the readiness the row carries, so that an unchanged one is not written,
    and (given `presence`) which of the answer's reads would find anything.

    A row lock (FOR NO KEY UPDATE; SQLite's writers are one at a time already), not an
    UPDATE: a form that changes nothing then writes nothing. PostgreSQL checks the guard
    again on the row as a move that held it left it."""
    # On the session's connection: a Core statement, with nothing to flush before it, has
    # no use for the ORM's execution (the save's first statement in its unit of work).
    locked = session.connection().execute(
        _lock_statement(presence),
        {"initiative_id": initiative.id, "in_phase": phase, "version": initiative.model_version,
         "key": key},
    ).first()  # fmt: skip
    if locked is None:
        raise Conflict(
            "The initiative changed phase or model version meanwhile: reload and try again.",
            code="stale_phase",
        )
    hold(session, (Initiative, initiative.id))
    return (locked[0], locked[1]), Present(*locked[2:]) if presence else None


@cache
def _lock_statement(presence: bool) -> Select[Any]:
    # Built once, on the table (app.db.table_of): every item save runs it first.
    table = table_of(Initiative)
    found = presence_columns() if presence else ()
    return (
        select(table.c.current_readiness, table.c.current_renewal_due_on, *found)
        .where(
            table.c.id == bindparam("initiative_id"),
            table.c.phase == bindparam("in_phase"),
            table.c.model_version == bindparam("version"),
        )
        .with_for_update(key_share=True)
    )


def _item_audit(state: Mapping[str, Any]) -> dict[str, Any]:
    """What the audit keeps of an item's state (a row's columns, or the values written)."""
    status = state["status"]
    return {
        "status": status.value if status else None,
        "note": state["note"],
        "link": state["link"],
        "justification": state["justification"],
        "needs_confirmation": bool(state["needs_confirmation"]),
    }
