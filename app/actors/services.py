"""Use-cases for actors: add, leave, re-join, import and export. Each commits once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields, replace
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy.orm import Session

from app import errors
from app.access import queries as access_queries
from app.actors import csv_io, queries
from app.actors.rules import (
    ActorInput,
    InvalidActor,
    leaving_date,
    periods_overlap,
    same_actor,
    validate_actor,
)
from app.clock import local_today
from app.domain import permissions
from app.initiatives import queries as initiative_queries
from app.models.accounts import User
from app.models.actors import Actor
from app.models.initiatives import Initiative
from app.records import record_audit
from app.uow import end_read, unit_of_work


class ActorRefused(errors.InvalidInput):
    """Bad actor input: every problem by field (the first one is `field`)."""

    def __init__(self, errors: dict[str, str]) -> None:
        first = next(iter(errors), "actor")
        super().__init__(first, "; ".join(errors.values()), code="invalid_actor")
        self.errors = errors


class ImportRefused(errors.InvalidInput):
    def __init__(self, errors: list[csv_io.RowError]) -> None:
        super().__init__(
            "file",
            f"{len(errors)} problem(s) in the file; nothing was imported.",
            code="import_refused",
        )
        self.errors = errors


def may_edit(session: Session, user: User, initiative_id: int) -> bool:
    member = access_queries.is_member(session, initiative_id=initiative_id, user_id=user.id)
    return permissions.can_edit_actors(user.role, is_member=member)


def _editable(session: Session, user: User, initiative_id: int) -> Initiative:
    initiative = initiative_queries.visible_initiative(session, user, initiative_id)
    if not may_edit(session, user, initiative_id):
        raise errors.Forbidden("Only the initiative's process leadership and support edit actors.")
    return initiative


def _recorded(
    session: Session, user: User, initiative_id: int, actor_id: int
) -> tuple[Initiative, Actor]:
    """The initiative, if the user may edit its actors, and its actor row `actor_id`."""
    initiative = _editable(session, user, initiative_id)
    actor = queries.get_actor(session, initiative_id=initiative_id, actor_id=actor_id)
    if actor is None:
        raise errors.NotFound(f"No actor {actor_id} in initiative {initiative_id}.")
    return initiative, actor


def _input_fields(source: ActorInput | Actor) -> dict[str, Any]:
    """An actor's fields as ActorInput names them: the row's columns of the same names."""
    return {field.name: getattr(source, field.name) for field in fields(ActorInput)}


def _row(initiative_id: int, data: ActorInput, user: User) -> Actor:
    now = datetime.now(UTC)
    return Actor(
        initiative_id=initiative_id,
        **_input_fields(data),
        created_at=now,
        created_by_id=user.id,
        updated_at=now,
        updated_by_id=user.id,
    )


def _clashes(session: Session, initiative_id: int, candidates: Sequence[ActorInput]) -> list[bool]:
    """For each candidate: does it overlap a recorded period of the same actor? Such an
    actor would be counted twice on the days they share."""
    recorded = queries.periods_of(
        session,
        initiative_id=initiative_id,
        names=[c.name for c in candidates],
        numbers=[c.organisation_number for c in candidates if c.organisation_number],
    )
    return [any(same_actor(r, c) and periods_overlap(r, c) for r in recorded) for c in candidates]


def _facts(actor: Actor) -> dict[str, object]:
    return {
        "name": actor.name,
        "organisation_number": actor.organisation_number,
        "type": actor.type,
        "helix_side": actor.helix_side,
        "joined_on": actor.joined_on,
        "left_on": actor.left_on,
    }


@unit_of_work
def add_actor(session: Session, *, user: User, initiative_id: int, data: ActorInput) -> Actor:
    return _add(session, user, initiative_id, data)


@unit_of_work
def _add(session: Session, user: User, initiative_id: int, data: ActorInput) -> Actor:
    initiative = _editable(session, user, initiative_id)
    if _clashes(session, initiative_id, [data])[0]:
        raise ActorRefused({"name": f"{data.name} is already a member."})
    actor = _row(initiative_id, data, user)
    session.add(actor)
    session.flush()
    record_audit(
        session, initiative, action="actor.add", actor=user, target=("actor", actor.id),
        after=_facts(actor),
    )  # fmt: skip
    return actor


@unit_of_work
def rejoin(
    session: Session, *, user: User, initiative_id: int, actor_id: int, joined_on: str
) -> Actor:
    """A new membership period for an actor that has left; the old one stays as history."""
    _, previous = _recorded(session, user, initiative_id, actor_id)
    # Every ended period offers a re-join: check against the actor's last one, so that
    # re-joining an early period never overlaps a later one.
    periods = [a for a in queries.actors(session, initiative_id) if same_actor(a, previous)]
    if any(a.left_on is None for a in periods):
        raise errors.Conflict(f"{previous.name} is still a member.", code="actor_still_member")
    last_left = max(a.left_on for a in periods if a.left_on is not None)
    try:
        joined = date.fromisoformat(joined_on.strip())
    except ValueError as error:
        raise ActorRefused({"joined_on": "Write the date as YYYY-MM-DD."}) from error
    if joined < last_left or joined > local_today():
        raise ActorRefused(
            {"joined_on": "Re-joining is on or after the day it left, and not in the future."}
        )
    data = replace(as_input(previous), joined_on=joined, left_on=None)
    return _add(session, user, initiative_id, data)


@unit_of_work
def leave(
    session: Session, *, user: User, initiative_id: int, actor_id: int, left_on: str
) -> Actor:
    initiative, actor = _recorded(session, user, initiative_id, actor_id)
    if actor.left_on is not None:
        raise errors.Conflict(
            f"{actor.name} already left on {actor.left_on.isoformat()}.", code="actor_already_left"
        )
    try:
        actor.left_on = leaving_date(left_on, joined_on=actor.joined_on, today=local_today())
    except ValueError as error:
        raise ActorRefused({"left_on": str(error)}) from error
    actor.updated_at, actor.updated_by_id = datetime.now(UTC), user.id
    record_audit(
        session, initiative, action="actor.leave", actor=user, target=("actor", actor.id),
        before={"left_on": None}, after={"left_on": actor.left_on},
    )  # fmt: skip
    return actor


def may_import(session: Session, *, user: User, initiative_id: int) -> None:
    """NotFound or Forbidden unless `user` may edit the initiative's actors: what the import
    checks before a byte of its file is read. Only reads, and ends its read."""
    _editable(session, user, initiative_id)
    end_read(session)


@unit_of_work
def import_csv(session: Session, *, user: User, initiative_id: int, data: bytes) -> int:
    """All rows or none: one problem anywhere and nothing is written."""
    initiative = _editable(session, user, initiative_id)
    try:
        rows = csv_io.read_actors(data, today=local_today())
    except csv_io.CsvRefused as refused:
        raise ImportRefused(refused.errors) from refused
    errors: list[csv_io.RowError] = []
    for index, (line, row) in enumerate(rows):
        if any(
            same_actor(row, earlier) and periods_overlap(row, earlier)
            for _, earlier in rows[:index]
        ):
            errors.append(csv_io.RowError(line, "name", f"{row.name} appears twice in the file."))
    clashes = _clashes(session, initiative_id, [row for _, row in rows])
    for (line, row), clash in zip(rows, clashes, strict=True):
        if clash:
            errors.append(csv_io.RowError(line, "name", f"{row.name} is already a member."))
    if errors:
        raise ImportRefused(sorted(errors, key=lambda e: e.line))
    added = [_row(initiative_id, row, user) for _, row in rows]
    session.add_all(added)
    session.flush()
    record_audit(
        session,
        initiative,
        action="actor.import",
        actor=user,
        target=("actor", f"{len(added)} rows"),
        after={"actors": [{"id": a.id, **_facts(a)} for a in added]},
    )
    return len(rows)


def export_csv(session: Session, *, user: User, initiative_id: int, lang: str = "sv") -> str:
    initiative_queries.visible_initiative(session, user, initiative_id)
    actors = (as_input(a) for a in queries.actors(session, initiative_id))
    return csv_io.write_actors(actors, lang=lang)


def as_input(actor: Actor) -> ActorInput:
    return ActorInput(**_input_fields(actor))


def validated(form: dict[str, str]) -> ActorInput:
    """An actor form's fields checked by the rules, or ActorRefused."""
    try:
        return validate_actor(
            name=form.get("name", ""),
            organisation_number_text=form.get("organisation_number", ""),
            region=form.get("region", ""),
            type_text=form.get("type", ""),
            helix_side_text=form.get("helix_side", ""),
            joined_on_text=form.get("joined_on", ""),
            left_on_text=form.get("left_on", ""),
            today=local_today(),
        )
    except InvalidActor as invalid:
        raise ActorRefused(invalid.errors) from invalid
