"""Use-cases: load, ask the domain, persist, commit. The only place that commits."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy import update as sql_update
from sqlalchemy.orm import Session

from app import auth, repositories
from app.db import begin_write
from app.domain import permissions
from app.domain.gates import Gate, advance_gate
from app.domain.items import InvalidItemUpdate, ItemStatus, ItemUpdate, validate_update
from app.domain.permissions import Role, editable_categories
from app.domain.workflow import Subject, Trigger, available_triggers, fire
from app.models import (
    ApiToken,
    Initiative,
    ItemState,
    Membership,
    ModelVersionChange,
    Transition,
    User,
)
from app.phases import Category, Phase, PhaseModel, get_model, latest_version

NAME_MAX = 200
REGION_MAX = 120


class NotFound(LookupError):
    pass


class Forbidden(PermissionError):
    pass


class Conflict(RuntimeError):
    pass


class InvalidInput(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def _now() -> datetime:
    return datetime.now(UTC)


def _required_text(field: str, value: str | None, limit: int) -> str:
    value = (value or "").strip()
    if not value:
        raise InvalidInput(field, f"The {field} must not be empty.")
    if len(value) > limit:
        raise InvalidInput(field, f"The {field} is longer than {limit} characters.")
    return value


# --- reading -------------------------------------------------------------


def visible_initiative(session: Session, user: User, initiative_id: int) -> Initiative:
    """The initiative, or NotFound if it does not exist or the user may not see it."""
    initiative = repositories.get_initiative(session, initiative_id)
    if initiative is None:
        raise NotFound(f"No initiative {initiative_id}.")
    member = user.role is Role.LEADERSHIP and repositories.is_member(
        session, initiative_id=initiative_id, user_id=user.id
    )
    if not permissions.can_view(user.role, is_member=member):
        raise NotFound(f"No initiative {initiative_id}.")
    return initiative


def gate_of(model: PhaseModel, initiative: Initiative, statuses: dict[str, ItemStatus]) -> Gate:
    return advance_gate(model, initiative.phase, statuses)


@dataclass
class InitiativeView:
    """Everything a page or the API shows about one initiative, in six queries."""

    initiative: Initiative
    model: PhaseModel
    states: dict[str, ItemState]
    gate: Gate
    transitions: Sequence[Transition]
    members: Sequence[User]
    editable: frozenset[Category]
    may_transition: bool
    triggers: tuple[Trigger, ...]
    version_changes: Sequence[ModelVersionChange] = ()


def initiative_view(session: Session, *, user: User, initiative_id: int) -> InitiativeView:
    initiative = visible_initiative(session, user, initiative_id)
    model = get_model(initiative.model_version)
    states = repositories.item_states(session, initiative.id)
    members = repositories.members(session, initiative.id)
    member = any(m.id == user.id for m in members)
    closed = initiative.phase is Phase.CLOSED
    return InitiativeView(
        initiative=initiative,
        model=model,
        states=states,
        gate=gate_of(model, initiative, {k: s.status for k, s in states.items()}),
        transitions=repositories.transitions(session, initiative.id),
        members=members,
        editable=frozenset() if closed else editable_categories(user.role, is_member=member),
        may_transition=permissions.can_transition(user.role),
        triggers=available_triggers(initiative.phase),
        version_changes=repositories.version_changes(session, initiative.id),
    )


# --- initiatives and items ----------------------------------------------


def create_initiative(
    session: Session, *, actor: User, name: str, region: str, sector: str | None = None
) -> Initiative:
    if not permissions.can_create_initiative(actor.role):
        raise Forbidden("Only support officers and admins create initiatives.")
    name = _required_text("name", name, NAME_MAX)
    region = _required_text("region", region, REGION_MAX)
    sector = (sector or "").strip()[:REGION_MAX] or None
    model = get_model(latest_version())
    initiative = Initiative(
        name=name,
        region=region,
        sector=sector,
        phase=Phase.STARTING_POINT,
        model_version=model.version,
    )
    session.add(initiative)
    session.flush()
    # Every item gets its row now, so later ticks only ever update their own row.
    session.execute(
        insert(ItemState),
        [
            {
                "initiative_id": initiative.id,
                "item_key": item.key,
                "status": ItemStatus.OPEN,
                "model_version": model.version,
            }
            for item in model.items
        ],
    )
    session.commit()
    return initiative


def add_member(session: Session, *, actor: User, initiative_id: int, email: str) -> User:
    if actor.role not in {Role.ADMIN, Role.SUPPORT}:
        raise Forbidden("Only support officers and admins manage leadership groups.")
    initiative = visible_initiative(session, actor, initiative_id)
    user = repositories.get_user_by_email(session, email)
    if user is None or user.role is not Role.LEADERSHIP:
        raise InvalidInput("email", "No leadership user with that email.")
    if not repositories.is_member(session, initiative_id=initiative.id, user_id=user.id):
        session.add(Membership(initiative_id=initiative.id, user_id=user.id))
        session.commit()
    return user


def remove_member(session: Session, *, actor: User, initiative_id: int, user_id: int) -> None:
    if actor.role not in {Role.ADMIN, Role.SUPPORT}:
        raise Forbidden("Only support officers and admins manage leadership groups.")
    initiative = visible_initiative(session, actor, initiative_id)
    membership = session.get(Membership, (initiative.id, user_id))
    if membership is None:
        raise NotFound("That person is not in the process-leadership group.")
    session.delete(membership)
    session.commit()


def update_item(
    session: Session, *, actor: User, initiative_id: int, key: str, update: ItemUpdate
) -> ItemState:
    begin_write(session)
    initiative = visible_initiative(session, actor, initiative_id)
    model = get_model(initiative.model_version)
    item = model.item(key)
    if item is None:
        raise NotFound(f"No item {key!r} in {model.version}.")
    member = repositories.is_member(session, initiative_id=initiative.id, user_id=actor.id)
    if not permissions.can_edit_item(actor.role, item.category, is_member=member):
        raise Forbidden(f"Your role may not change {item.category.value} items.")
    if item.phase is not initiative.phase:
        raise Conflict(
            f"Item {key!r} belongs to the {item.phase.value} phase; the initiative is in "
            f"{initiative.phase.value}. Only the current phase can be changed."
        )
    try:
        clean = validate_update(item, update)
    except InvalidItemUpdate as error:
        raise InvalidInput(error.field, error.message) from error
    state = repositories.get_item_state(session, initiative_id=initiative.id, key=key)
    if state is None:  # an item the model gained after the initiative was created
        state = ItemState(initiative_id=initiative.id, item_key=key)
        session.add(state)
    state.status = clean.status
    state.note = clean.note
    state.link = clean.link
    state.justification = clean.justification
    state.model_version = model.version
    state.updated_by_id = actor.id
    state.updated_at = _now()
    session.execute(
        sql_update(Initiative).where(Initiative.id == initiative.id).values(updated_at=_now())
    )
    session.commit()
    session.refresh(state, ["updated_by"])
    return state


# --- transitions ----------------------------------------------------------


def _gate_snapshot(
    gate: Gate, initiative: Initiative, states: dict[str, ItemState]
) -> dict[str, Any]:
    prefix = f"{initiative.phase.value}."
    return {
        "model_version": initiative.model_version,
        "gate": gate.as_dict(),
        "items": {
            key: {
                "status": state.status.value,
                "note": state.note,
                "link": state.link,
                "justification": state.justification,
                "updated_by": state.updated_by.email if state.updated_by else None,
                "updated_at": state.updated_at.isoformat() if state.updated_at else None,
            }
            for key, state in sorted(states.items())
            if key.startswith(prefix)
        },
    }


def run_transition(
    session: Session,
    *,
    actor: User,
    initiative_id: int,
    trigger: Trigger,
    reason: str | None = None,
    expected_phase: Phase | None = None,
) -> Transition:
    """Move the initiative; raise TransitionRefused with what blocks it.

    Concurrency: the phase is written with `WHERE phase = <phase read>`, so of
    two concurrent requests only one moves it; the other gets Conflict.
    """
    begin_write(session)
    initiative = visible_initiative(session, actor, initiative_id)
    if not permissions.can_transition(actor.role):
        raise Forbidden("Only support officers and admins move initiatives between phases.")
    before = initiative.phase
    if expected_phase is not None and expected_phase is not before:
        raise Conflict(
            f"The initiative is in {before.value}, not {expected_phase.value}: reload the page."
        )
    model = get_model(initiative.model_version)
    states = repositories.item_states(session, initiative.id)
    gate = gate_of(model, initiative, {k: s.status for k, s in states.items()})
    subject = Subject(phase=before, closed_from=initiative.closed_from, gate=gate, reason=reason)
    after = fire(trigger, subject)
    now = _now()
    moved = session.execute(
        sql_update(Initiative)
        .where(Initiative.id == initiative.id, Initiative.phase == before)
        .values(phase=after, closed_from=subject.closed_from, phase_entered_at=now, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    if moved.rowcount != 1:  # type: ignore[attr-defined]
        session.rollback()
        raise Conflict("The initiative changed phase meanwhile: reload and try again.")
    transition = Transition(
        initiative_id=initiative.id,
        trigger=trigger.value,
        from_phase=before,
        to_phase=after,
        reason=(reason or "").strip() or None,
        actor_id=actor.id,
        created_at=now,
        gate_snapshot=_gate_snapshot(gate, initiative, states),
    )
    session.add(transition)
    session.commit()
    session.refresh(initiative)
    return transition


# --- people and tokens --------------------------------------------------


def add_user(session: Session, *, email: str, name: str, role: Role, password: str) -> User:
    email = _required_text("email", email, 254).lower()
    if "@" not in email:
        raise InvalidInput("email", "That is not an email address.")
    name = _required_text("name", name, 200)
    if len(password) < auth.PASSWORD_MIN:
        raise InvalidInput(
            "password", f"The password needs at least {auth.PASSWORD_MIN} characters."
        )
    if repositories.get_user_by_email(session, email) is not None:
        raise Conflict(f"A user with email {email} already exists.")
    user = User(email=email, name=name, role=role, password_hash=auth.hash_password(password))
    session.add(user)
    session.commit()
    return user


def authenticate(session: Session, *, email: str, password: str) -> User | None:
    user = repositories.get_user_by_email(session, email)
    valid, new_hash = auth.verify_password(password, user.password_hash if user else None)
    if not valid or user is None or not user.is_active:
        return None
    if new_hash is not None:
        user.password_hash = new_hash
        session.commit()
    return user


def create_token(session: Session, *, email: str, label: str = "") -> str:
    user = repositories.get_user_by_email(session, email)
    if user is None:
        raise NotFound(f"No user with email {email}.")
    token = auth.new_token()
    session.add(ApiToken(user_id=user.id, token_hash=auth.token_digest(token), label=label))
    session.commit()
    return token


def user_for_token(session: Session, token: str) -> User | None:
    row = session.scalar(
        select(ApiToken).where(
            ApiToken.token_hash == auth.token_digest(token), ApiToken.revoked_at.is_(None)
        )
    )
    if row is None or not row.user.is_active:
        return None
    return row.user


def count_users(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(User)) or 0
