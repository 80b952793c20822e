from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, bindparam, inspect, or_, select
from sqlalchemy.orm import Session, joinedload

from app.access import queries as access_queries
from app.audit.snapshots import phase_snapshot, piece_of
from app.clock import today
from app.domain import permissions
from app.domain.evidence import facts
from app.domain.gates import Gate, advance_gate
from app.domain.items import (
    Standing,
    standing,
)
from app.domain.permissions import Role, editable_categories
from app.domain.reviews import ReviewStatus
from app.domain.workflow import Trigger, available_triggers
from app.errors import NotFound
from app.evidence import queries as evidence_queries
from app.initiatives import page_reads
from app.models.access import Funding, Membership
from app.models.accounts import User
from app.models.evidence import Evidence
from app.models.initiatives import Initiative, ItemState, ModelVersionChange, Transition
from app.models.reviews import GateReview, ReviewCondition
from app.phases import Category, Phase, PhaseModel, get_model
from app.reviews import queries as review_queries


def get_initiative(session: Session, initiative_id: int) -> Initiative | None:
    """Session.get, by a statement built once: Session.get builds its select each time
    (0.45 against 0.26 ms on PostgreSQL), and every page and save of an initiative asks."""
    held = session.identity_map.get(session.identity_key(Initiative, initiative_id))
    if isinstance(held, Initiative) and not inspect(held).expired:
        return held
    return session.scalars(_initiative(), {"initiative_id": initiative_id}).first()


@cache
def _initiative() -> Select[Initiative]:
    return select(Initiative).where(Initiative.id == bindparam("initiative_id"))


def item_states(
    session: Session, initiative_id: int, *, phases: Iterable[Phase] | None = None
) -> dict[str, ItemState]:
    """Every item state of the initiative, or (given `phases`) those of these phases' items
    only: loading a state costs far more than its row, and a page shows one phase."""
    query = _item_states(None if phases is None else tuple(sorted(set(phases))))
    return {row.item_key: row for row in session.scalars(query, {"initiative_id": initiative_id})}


# The statements of the pages' reads are built once (functools.cache), their values bound
# at execution, as the navigation's counts are (app.worklists.queries): building a select
# and its cache key costs SQLAlchemy more than running a small one (the transitions read,
# PostgreSQL: 0.53 ms built once, 0.87 ms built each time).
@cache
def _item_states(phases: tuple[Phase, ...] | None) -> Select[ItemState]:
    query = (
        select(ItemState)
        .options(joinedload(ItemState.updated_by))
        .where(ItemState.initiative_id == bindparam("initiative_id"))
    )
    if phases is not None:
        query = query.where(
            or_(*(ItemState.item_key.startswith(f"{p.value}.", autoescape=True) for p in phases))
        )
    return query


def get_item_state(session: Session, *, initiative_id: int, key: str) -> ItemState | None:
    return session.scalar(_item_state(), {"initiative_id": initiative_id, "key": key})


@cache
def _item_state() -> Select[ItemState]:
    return select(ItemState).where(
        ItemState.initiative_id == bindparam("initiative_id"),
        ItemState.item_key == bindparam("key"),
    )


def transitions(session: Session, initiative_id: int) -> Sequence[Transition]:
    return session.scalars(_transitions(), {"initiative_id": initiative_id}).all()


@cache
def _transitions() -> Select[Transition]:
    return (
        select(Transition)
        .options(joinedload(Transition.actor))
        .where(Transition.initiative_id == bindparam("initiative_id"))
        .order_by(Transition.created_at.desc(), Transition.id.desc())
    )


def version_changes(session: Session, initiative_id: int) -> Sequence[ModelVersionChange]:
    return session.scalars(_version_changes(), {"initiative_id": initiative_id}).all()


@cache
def _version_changes() -> Select[ModelVersionChange]:
    return (
        select(ModelVersionChange)
        .options(joinedload(ModelVersionChange.actor))
        .where(ModelVersionChange.initiative_id == bindparam("initiative_id"))
        .order_by(ModelVersionChange.created_at.desc(), ModelVersionChange.id.desc())
    )


SelectOf = TypeVar("SelectOf", bound=Select[Any])


def sees_every_initiative(role: Role) -> bool:
    """Whether `restrict_to_visible` leaves a select of this role's as it is."""
    return role not in (Role.LEADERSHIP, Role.FUNDER)


def restrict_to_visible(query: SelectOf, user_id: int | ColumnElement[int], role: Role) -> SelectOf:
    """The one place that narrows a select involving Initiative to what a user may see:
    leadership its own groups' initiatives, funders those they finance, others all."""
    if role is Role.LEADERSHIP:
        mine = select(Membership.initiative_id).where(Membership.user_id == user_id)
        query = query.where(Initiative.id.in_(mine))
    elif role is Role.FUNDER:
        funded = select(Funding.initiative_id).where(Funding.user_id == user_id)
        query = query.where(Initiative.id.in_(funded))
    return query


def visible_initiatives(user_id: int, role: Role) -> Select[Initiative]:
    return restrict_to_visible(select(Initiative), user_id, role)


def visible_initiative(session: Session, user: User, initiative_id: int) -> Initiative:
    """The initiative, or NotFound if it does not exist or the user may not see it."""
    initiative = get_initiative(session, initiative_id)
    if initiative is None:
        raise NotFound(f"No initiative {initiative_id}.")
    member = user.role is Role.LEADERSHIP and access_queries.is_member(
        session, initiative_id=initiative_id, user_id=user.id
    )
    funder = user.role is Role.FUNDER and access_queries.is_funder(
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


def phase_state(
    session: Session,
    initiative: Initiative,
    model: PhaseModel,
    *,
    phases: Iterable[Phase] | None = None,
) -> PhaseState:
    """Three queries, whatever the number of items; `phases`: only these phases' states
    (the gate's phase among them, or the gate reads its items as open)."""
    if phases is None:  # the call as it always was (a test wraps item_states so)
        states = item_states(session, initiative.id)
    else:
        states = item_states(session, initiative.id, phases=phases)
    evidence = evidence_queries.evidence(session, initiative.id)
    conditions = review_queries.conditions(session, initiative.id)
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
        return next((r for r in self.reviews if r.status is ReviewStatus.REQUESTED), None)


def initiative_view(session: Session, *, user: User, initiative_id: int) -> InitiativeView:
    """Ten queries, whatever the size of the initiative."""
    initiative = visible_initiative(session, user, initiative_id)
    return view_of(session, user=user, initiative=initiative)


def view_of(
    session: Session, *, user: User, initiative: Initiative, page_of: Phase | None = None
) -> InitiativeView:
    """The view of an initiative that `user` may see, as `visible_initiative` returned it.

    `page_of`: the view as the initiative page showing that phase needs it
    (app/initiatives/page_reads.py): the item states of that phase and of the current one
    (whose gate it shows) only, the reviews without their snapshots, and one statement
    fewer."""
    model = get_model(initiative.model_version)
    reviews: Sequence[GateReview]
    phases: list[Phase] | None
    if page_of is None:
        members = access_queries.members(session, initiative.id)
        funders = access_queries.funders(session, initiative.id)
        reviews = review_queries.gate_reviews(session, initiative.id)
        phases = None
    else:
        members, funders = page_reads.group_and_funders(session, initiative.id)
        reviews = page_reads.review_list(session, initiative.id)
        phases = sorted({initiative.phase, page_of})
    member = any(m.id == user.id for m in members)
    closed = initiative.phase is Phase.CLOSED
    return InitiativeView(
        initiative=initiative,
        model=model,
        phase_state=phase_state(session, initiative, model, phases=phases),
        transitions=transitions(session, initiative.id),
        reviews=reviews,
        members=members,
        funders=funders,
        editable=frozenset() if closed else editable_categories(user.role, is_member=member),
        may_transition=permissions.can_transition(user.role),
        may_request_review=not closed
        and permissions.can_request_review(user.role, is_member=member),
        may_manage_access=permissions.can_manage_access(user.role),
        triggers=available_triggers(initiative.phase),
        version_changes=version_changes(session, initiative.id),
    )
