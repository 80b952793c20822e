"""The steps every use-case that records something on an initiative shares (a label, a
readiness note, a grant, a support activity, a review's condition): find the initiative
the person may see and may record on, then add the record with its audit entry."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol, TypeVar

from sqlalchemy.orm import Session

from app import errors
from app.audit import log as audit_log
from app.domain.invalid import InvalidField
from app.initiatives.queries import visible_initiative
from app.models.accounts import User
from app.models.initiatives import Initiative
from app.phases import Phase


class Record(Protocol):
    @property
    def id(self) -> int: ...


R = TypeVar("R", bound=Record)


def initiative_to_record_on(
    session: Session, user: User, initiative_id: int, *, allowed: bool, refusal: errors.Forbidden
) -> Initiative:
    """NotFound if the user may not see the initiative (so nothing about it leaks),
    then `refusal` unless `allowed`."""
    initiative = visible_initiative(session, user, initiative_id)
    if not allowed:
        raise refusal
    return initiative


# record_audit and audit_record are the names tests/audit/test_sentences.py knows as
# audit helpers: the action codes their callers write are checked to have a sentence.
def record_audit(
    session: Session,
    initiative: Initiative | int | None,
    action: str,
    *,
    actor: User | None,
    target: tuple[str, object],  # (type, id)
    before: Any = None,
    after: Any = None,
    phase: Phase | None = None,
    at: datetime | None = None,
) -> None:
    """The audit entry of a change on the initiative, dated in its phase unless `phase`
    says otherwise. Given only the initiative's id, the entry is dated in `phase` alone
    (None: in no phase). With no initiative, of a change to a person, a token, a region or
    a job (actor None: the system, as the console script or a job's lease)."""
    if isinstance(initiative, Initiative):
        initiative_id: int | None = initiative.id
        phase = phase or initiative.phase
    else:
        initiative_id = initiative
    target_type, target_id = target
    audit_log.record(
        session,
        actor=actor,
        action=action,
        target_type=target_type,
        target_id=target_id,
        initiative_id=initiative_id,
        phase=phase.value if phase else None,
        before=before,
        after=after,
        at=at,
    )


def audit_record(
    session: Session,
    record: R,
    action: str,
    *,
    actor: User | None,
    target_type: str,
    initiative: Initiative | None,
    after: Any,
    phase: Phase | None = None,
) -> R:
    """Insert the record, then the audit entry naming it, in the caller's unit of work."""
    session.add(record)
    session.flush()
    target = (target_type, record.id)
    record_audit(
        session, initiative, action=action, actor=actor, target=target, after=after, phase=phase
    )
    return record


def invalid_input(bad: InvalidField) -> errors.InvalidInput:
    """A rule's refusal as the use-case's: the same field, code and parameters."""
    return errors.InvalidInput(bad.field, bad.message, code=bad.code, **bad.params)
