"""Use-cases: load, ask the domain, persist, commit. The only place that commits."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy import update as sql_update
from sqlalchemy.orm import Session

from app import audit, auth, repositories
from app.db import begin_write
from app.domain import permissions
from app.domain.evidence import facts
from app.domain.gates import Gate, advance_gate
from app.domain.items import (
    SETTLED,
    InvalidItemUpdate,
    ItemStatus,
    ItemUpdate,
    Standing,
    standing,
    validate_update,
)
from app.domain.permissions import Role, editable_categories
from app.domain.workflow import Subject, Trigger, available_triggers, fire
from app.models import (
    ApiToken,
    Evidence,
    GateReview,
    Initiative,
    ItemState,
    Membership,
    ModelVersionChange,
    ReviewCondition,
    Transition,
    User,
)
from app.phases import Category, Phase, PhaseModel, get_model, latest_version
from app.snapshots import phase_snapshot, piece_of, snapshot_sha256

NAME_MAX = 200
REGION_MAX = 120


class NotFound(LookupError):
    pass


class Forbidden(PermissionError):
    pass


class Conflict(RuntimeError):
    pass


class InvalidInput(ValueError):
    def __init__(
        self, field: str, message: str, *, code: str | None = None, **params: object
    ) -> None:
        super().__init__(message)
        self.field = field
        self.message = message
        self.code = code  # a stable name of the reason, for translated messages
        self.params = params


def utc_now() -> datetime:
    return datetime.now(UTC)


def today() -> date:
    return datetime.now(UTC).date()


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
    funder = user.role is Role.FUNDER and repositories.is_funder(
        session, initiative_id=initiative_id, user_id=user.id
    )
    if not permissions.can_view(user.role, is_member=member, is_funder=funder):
        raise NotFound(f"No initiative {initiative_id}.")
    return initiative


def standings_of(
    states: Mapping[str, ItemState], evidence: Mapping[str, Sequence[Evidence]], on: date
) -> dict[str, Standing]:
    return {
        key: standing(
            state.status,
            needs_confirmation=state.needs_confirmation,
            evidence_expired=facts(map(piece_of, evidence.get(key, ())), on).needs_renewal,
        )
        for key, state in states.items()
    }


def gate_of(
    model: PhaseModel,
    initiative: Initiative,
    standings: Mapping[str, str],
    open_conditions: Sequence[ReviewCondition] = (),
) -> Gate:
    return advance_gate(
        model, initiative.phase, standings, [f"#{c.id} {c.text}" for c in open_conditions]
    )


@dataclass
class PhaseState:
    """An initiative's items, evidence and open conditions, with the gate they make."""

    states: dict[str, ItemState]
    evidence: dict[str, list[Evidence]]
    standings: dict[str, Standing]
    conditions: Sequence[ReviewCondition]
    open_conditions: list[ReviewCondition]
    gate: Gate

    def snapshot(self, initiative: Initiative, on: date) -> dict[str, Any]:
        return phase_snapshot(
            initiative=initiative,
            gate=self.gate,
            states=self.states,
            standings=self.standings,
            evidence=self.evidence,
            open_conditions=self.open_conditions,
            today=on,
        )


def phase_state(session: Session, initiative: Initiative, model: PhaseModel) -> PhaseState:
    """Three queries, whatever the number of items."""
    states = repositories.item_states(session, initiative.id)
    evidence = repositories.evidence(session, initiative.id)
    conditions = repositories.conditions(session, initiative.id)
    open_conditions = [c for c in conditions if c.closed_at is None]
    standings = standings_of(states, evidence, today())
    gate = gate_of(model, initiative, standings, open_conditions)
    return PhaseState(states, evidence, standings, conditions, open_conditions, gate)


@dataclass
class InitiativeView:
    """Everything a page or the API shows about one initiative (see initiative_view)."""

    initiative: Initiative
    model: PhaseModel
    phase_state: PhaseState
    transitions: Sequence[Transition]
    reviews: Sequence[GateReview]
    members: Sequence[User]
    funders: Sequence[User]
    editable: frozenset[Category]
    may_transition: bool
    may_request_review: bool
    may_manage_access: bool
    triggers: tuple[Trigger, ...]
    version_changes: Sequence[ModelVersionChange] = ()

    @property
    def states(self) -> dict[str, ItemState]:
        return self.phase_state.states

    @property
    def gate(self) -> Gate:
        return self.phase_state.gate

    @property
    def open_review(self) -> GateReview | None:
        return next((r for r in self.reviews if r.status == "requested"), None)


def initiative_view(session: Session, *, user: User, initiative_id: int) -> InitiativeView:
    """Ten queries, whatever the size of the initiative."""
    initiative = visible_initiative(session, user, initiative_id)
    model = get_model(initiative.model_version)
    members = repositories.members(session, initiative.id)
    member = any(m.id == user.id for m in members)
    closed = initiative.phase is Phase.CLOSED
    return InitiativeView(
        initiative=initiative,
        model=model,
        phase_state=phase_state(session, initiative, model),
        transitions=repositories.transitions(session, initiative.id),
        reviews=repositories.gate_reviews(session, initiative.id),
        members=members,
        funders=repositories.funders(session, initiative.id),
        editable=frozenset() if closed else editable_categories(user.role, is_member=member),
        may_transition=permissions.can_transition(user.role),
        may_request_review=not closed
        and permissions.can_request_review(user.role, is_member=member),
        may_manage_access=permissions.can_manage_access(user.role),
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
    audit.record(
        session,
        actor=actor,
        action="initiative.create",
        target_type="initiative",
        target_id=initiative.id,
        initiative_id=initiative.id,
        phase=initiative.phase.value,
        after={"name": name, "region": region, "sector": sector, "model_version": model.version},
    )
    session.commit()
    return initiative


def add_member(session: Session, *, actor: User, initiative_id: int, email: str) -> User:
    if not permissions.can_manage_access(actor.role):
        raise Forbidden("Only support officers and admins manage leadership groups.")
    initiative = visible_initiative(session, actor, initiative_id)
    user = repositories.get_user_by_email(session, email)
    if user is None or user.role is not Role.LEADERSHIP:
        raise InvalidInput("email", "No leadership user with that email.")
    if not repositories.is_member(session, initiative_id=initiative.id, user_id=user.id):
        session.add(Membership(initiative_id=initiative.id, user_id=user.id))
        audit.record(
            session,
            actor=actor,
            action="member.add",
            target_type="user",
            target_id=user.email,
            initiative_id=initiative.id,
            phase=initiative.phase.value,
            after={"email": user.email, "name": user.name},
        )
        session.commit()
    return user


def remove_member(session: Session, *, actor: User, initiative_id: int, user_id: int) -> None:
    if not permissions.can_manage_access(actor.role):
        raise Forbidden("Only support officers and admins manage leadership groups.")
    initiative = visible_initiative(session, actor, initiative_id)
    membership = session.get(Membership, (initiative.id, user_id))
    if membership is None:
        raise NotFound("That person is not in the process-leadership group.")
    session.delete(membership)
    user = session.get(User, user_id)
    audit.record(
        session,
        actor=actor,
        action="member.remove",
        target_type="user",
        target_id=user.email if user else user_id,
        initiative_id=initiative.id,
        phase=initiative.phase.value,
        before={"email": user.email if user else None},
    )
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
    pieces = repositories.evidence(session, initiative.id, key=key).get(key, [])
    in_force = facts(map(piece_of, pieces), today()).current > 0
    try:
        clean = validate_update(item, update, has_current_evidence=in_force)
    except InvalidItemUpdate as error:
        raise InvalidInput(error.field, error.message) from error
    state = repositories.get_item_state(session, initiative_id=initiative.id, key=key)
    if state is None:  # an item the model gained after the initiative was created
        state = ItemState(initiative_id=initiative.id, item_key=key, needs_confirmation=False)
        session.add(state)
    before = _item_audit(state)
    state.status = clean.status
    state.note = clean.note
    state.link = clean.link
    state.justification = clean.justification
    state.needs_confirmation = False  # saving an item confirms it
    state.model_version = model.version
    state.updated_by_id = actor.id
    state.updated_at = utc_now()
    audit.record(
        session,
        actor=actor,
        action="item.update",
        target_type="item",
        target_id=key,
        initiative_id=initiative.id,
        phase=initiative.phase.value,
        before=before,
        after=_item_audit(state),
    )
    session.execute(
        sql_update(Initiative).where(Initiative.id == initiative.id).values(updated_at=utc_now())
    )
    session.commit()
    session.refresh(state, ["updated_by"])
    return state


def _item_audit(state: ItemState) -> dict[str, Any]:
    return {
        "status": state.status.value if state.status else None,
        "note": state.note,
        "link": state.link,
        "justification": state.justification,
        "needs_confirmation": bool(state.needs_confirmation),
    }


# --- transitions ----------------------------------------------------------


def move(
    session: Session,
    *,
    actor: User,
    initiative: Initiative,
    trigger: Trigger,
    current: PhaseState,
    reason: str | None,
    snapshot: dict[str, Any],
) -> Transition:
    """Fire `trigger` and persist the move; the caller has checked permissions and commits.

    Concurrency: the phase is written with `WHERE phase = <phase read>`, so of
    two concurrent requests only one moves it; the other gets Conflict.
    """
    before = initiative.phase
    subject = Subject(
        phase=before, closed_from=initiative.closed_from, gate=current.gate, reason=reason
    )
    after = fire(trigger, subject)
    now = utc_now()
    moved = session.execute(
        sql_update(Initiative)
        .where(Initiative.id == initiative.id, Initiative.phase == before)
        .values(phase=after, closed_from=subject.closed_from, phase_entered_at=now, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    if moved.rowcount != 1:  # type: ignore[attr-defined]
        session.rollback()
        raise Conflict("The initiative changed phase meanwhile: reload and try again.")
    if after is not Phase.CLOSED:
        # Re-entering a phase: its old ticks stay visible but must be confirmed again.
        session.execute(
            sql_update(ItemState)
            .where(
                ItemState.initiative_id == initiative.id,
                ItemState.item_key.like(f"{after.value}.%"),
                ItemState.status.in_([s.value for s in SETTLED]),
            )
            .values(needs_confirmation=True)
            .execution_options(synchronize_session=False)
        )
    transition = Transition(
        initiative_id=initiative.id,
        trigger=trigger.value,
        from_phase=before,
        to_phase=after,
        reason=(reason or "").strip() or None,
        actor_id=actor.id,
        created_at=now,
        gate_snapshot=snapshot,
    )
    session.add(transition)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action=f"transition.{trigger.value}",
        target_type="initiative",
        target_id=initiative.id,
        initiative_id=initiative.id,
        phase=before.value,
        before={"phase": before.value},
        after={"phase": after.value, "reason": transition.reason, "transition": transition.id},
        at=now,
    )
    return transition


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

    A direct `advance` is recorded as a Go decision (and decides any open request).
    """
    begin_write(session)
    initiative = visible_initiative(session, actor, initiative_id)
    if not permissions.can_transition(actor.role):
        raise Forbidden("Only support officers and admins move initiatives between phases.")
    if expected_phase is not None and expected_phase is not initiative.phase:
        raise Conflict(
            f"The initiative is in {initiative.phase.value}, not {expected_phase.value}: "
            "reload the page."
        )
    model = get_model(initiative.model_version)
    current = phase_state(session, initiative, model)
    on = today()
    snapshot = current.snapshot(initiative, on)
    phase = initiative.phase
    transition = move(
        session,
        actor=actor,
        initiative=initiative,
        trigger=trigger,
        current=current,
        reason=reason,
        snapshot=snapshot,
    )
    open_review = repositories.open_review(session, initiative.id)
    if trigger is not Trigger.ADVANCE and open_review is not None:
        _withdraw(session, actor=actor, review=open_review, transition=transition)
    if trigger is Trigger.ADVANCE:
        review = open_review or GateReview(
            initiative_id=initiative.id,
            phase=phase,
            model_version=initiative.model_version,
            requested_by_id=actor.id,
            requested_at=transition.created_at,
        )
        session.add(review)
        decide_review_row(
            session,
            actor=actor,
            review=review,
            outcome="go",
            rationale=transition.reason or "Advanced directly by a support officer.",
            snapshot=snapshot,
            transition=transition,
        )
    session.commit()
    session.refresh(initiative)
    return transition


def _withdraw(session: Session, *, actor: User, review: GateReview, transition: Transition) -> None:
    # The initiative left the reviewed phase another way: nothing is left to decide.
    review.status = "withdrawn"
    audit.record(
        session,
        actor=actor,
        action="review.withdraw",
        target_type="gate_review",
        target_id=review.id,
        initiative_id=review.initiative_id,
        phase=review.phase.value,
        before={"status": "requested"},
        after={"status": "withdrawn", "transition": transition.id},
    )


def decide_review_row(
    session: Session,
    *,
    actor: User,
    review: GateReview,
    outcome: str,
    rationale: str,
    snapshot: dict[str, Any],
    transition: Transition | None,
) -> None:
    review.status = "decided"
    review.outcome = outcome
    review.rationale = rationale
    review.decided_by_id = actor.id
    review.decided_at = transition.created_at if transition else utc_now()
    review.snapshot = snapshot
    review.snapshot_sha256 = snapshot_sha256(snapshot)
    review.transition_id = transition.id if transition else None
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="review.decide",
        target_type="gate_review",
        target_id=review.id,
        initiative_id=review.initiative_id,
        phase=review.phase.value,
        before={"status": "requested"},
        after={
            "outcome": outcome,
            "rationale": rationale,
            "snapshot_sha256": review.snapshot_sha256,
            "transition": review.transition_id,
        },
    )


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
    session.flush()
    audit.record(
        session,
        actor=None,
        action="user.add",
        target_type="user",
        target_id=email,
        after={"email": email, "name": name, "role": role.value},
    )
    session.commit()
    return user


def set_role(session: Session, *, email: str, role: Role) -> User:
    """Change a person's role; their open sessions end, since what they may do changed."""
    user = repositories.get_user_by_email(session, email)
    if user is None:
        raise NotFound(f"No user with email {email}.")
    before = user.role
    if before is role:
        return user
    user.role = role
    user.session_version += 1
    audit.record(
        session,
        actor=None,
        action="user.role",
        target_type="user",
        target_id=user.email,
        before={"role": before.value},
        after={"role": role.value},
    )
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
