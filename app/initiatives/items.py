"""Saving one item of an initiative's current phase: the use-case behind the item form,
the API's PUT and the support log's save."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import Update, bindparam
from sqlalchemy import update as sql_update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from app.clock import today, utc_now
from app.db import table_of
from app.domain import permissions
from app.domain.evidence import Piece
from app.domain.evidence import in_force as in_force_on
from app.domain.items import InvalidItemUpdate, ItemUpdate, validate_update
from app.domain.permissions import Role
from app.errors import Conflict, Forbidden, InvalidInput, NotFound
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
    reading them again."""

    state: ItemState
    phase_states: dict[str, ItemState]
    pieces: list[PieceFact]
    figures: PhaseFigures


def update_item(
    session: Session, *, actor: User, initiative_id: int, key: str, update: ItemUpdate
) -> ItemState:
    """Save one item of the current phase (`save_item`), for callers that need its state."""
    return save_item(
        session, actor=actor, initiative_id=initiative_id, key=key, update=update
    ).state


@unit_of_work
def save_item(
    session: Session, *, actor: User, initiative_id: int, key: str, update: ItemUpdate
) -> SavedItem:
    """Save one item of the current phase: at most ten statements, whatever the size of
    the initiative (tests/readiness/test_save_cost.py).

    The initiative's row is locked first, by an UPDATE guarded by the phase and version
    read (a move committed meanwhile is a Conflict, never a save into a phase left);
    then the phase's states and evidence are read once, under that lock, for the check,
    the item's row and its stored readiness."""
    initiative, model, item = editable_item(session, actor, initiative_id, key)
    if item.phase is not initiative.phase:
        raise _not_current(key, item.phase, initiative.phase)
    carried = _lock_in_phase(session, initiative, item.phase)
    states, pieces = readiness_queries.phase_states(session, initiative.id, item.phase)
    on = today()
    in_force = any(
        p.key == key and in_force_on(Piece(p.effective_on, p.expires_on, False), on) for p in pieces
    )
    try:
        clean = validate_update(item, update, has_current_evidence=in_force)
    except InvalidItemUpdate as error:
        raise InvalidInput(error.field, error.message, code=error.code, **error.params) from error
    state = states.get(key)
    if state is None:  # an item the model gained after the initiative was created
        state = ItemState(initiative_id=initiative.id, item_key=key, needs_confirmation=False)
        session.add(state)
        states[key] = state
    before = _item_audit(state)
    state.status = clean.status
    state.note = clean.note
    state.link = clean.link
    state.justification = clean.justification
    state.needs_confirmation = False  # saving an item confirms it
    state.model_version = model.version
    state.updated_by_id = actor.id
    state.updated_at = utc_now()
    record_audit(
        session, initiative, action="item.update", actor=actor, target=("item", key),
        before=before, after=_item_audit(state),
    )  # fmt: skip
    stored = store_phase(
        session, initiative.id, version=model.version, phase=item.phase, pieces=pieces,
        states=[StateFact(k, s.status, bool(s.needs_confirmation)) for k, s in states.items()],
        carried=carried,
    )  # fmt: skip
    set_committed_value(state, "updated_by", actor)  # who saved it: no query to learn it
    return SavedItem(state, states, pieces, stored)


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


def _lock_in_phase(session: Session, initiative: Initiative, phase: Phase) -> Carried:
    """Lock the initiative's row (app.uow's lock order: before the audit head) while it is
    still in `phase` on the version read; a Conflict if a move or a version move came
    first. Returns the readiness the row carries, so that an unchanged one is not written."""
    touched = session.execute(
        _lock_statement(),
        {
            "initiative_id": initiative.id,
            "in_phase": phase,
            "version": initiative.model_version,
            "now": utc_now(),
        },
    ).first()
    if touched is None:
        raise Conflict(
            "The initiative changed phase or model version meanwhile: reload and try again.",
            code="stale_phase",
        )
    hold(session, (Initiative, initiative.id))
    return touched[0], touched[1]


@cache
def _lock_statement() -> Update:
    # Built once, on the table (app.db.table_of): every item save runs it first.
    table = table_of(Initiative)
    return (
        sql_update(table)
        .where(
            table.c.id == bindparam("initiative_id"),
            table.c.phase == bindparam("in_phase"),
            table.c.model_version == bindparam("version"),
        )
        .values(updated_at=bindparam("now"))
        .returning(table.c.current_readiness, table.c.current_renewal_due_on)
    )


def _item_audit(state: ItemState) -> dict[str, Any]:
    return {
        "status": state.status.value if state.status else None,
        "note": state.note,
        "link": state.link,
        "justification": state.justification,
        "needs_confirmation": bool(state.needs_confirmation),
    }
