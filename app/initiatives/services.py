from __future__ import annotations

from typing import Any

from sqlalchemy import (
    insert,
)
from sqlalchemy import update as sql_update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from app.access import queries as access_queries
from app.audit import log as audit_log
from app.audit.snapshots import piece_of
from app.clock import today, utc_now
from app.domain import permissions
from app.domain.evidence import facts
from app.domain.items import (
    SETTLED,
    InvalidItemUpdate,
    ItemStatus,
    ItemUpdate,
    validate_update,
)
from app.domain.reviews import ReviewOutcome
from app.domain.text import required_text
from app.domain.workflow import Subject, Trigger, fire
from app.errors import Conflict, Forbidden, InvalidInput, NotFound
from app.evidence import queries as evidence_queries
from app.initiatives import queries as initiative_queries
from app.initiatives.queries import PhaseState, phase_state, visible_initiative
from app.initiatives.rules import NAME_MAX, REGION_MAX
from app.models.accounts import User
from app.models.initiatives import Initiative, ItemState, Transition
from app.models.reviews import GateReview
from app.phases import Phase, get_model, latest_version
from app.readiness.services import recompute as recompute_readiness
from app.reviews import queries as review_queries
from app.reviews.records import decide_review_row, withdraw
from app.uow import unit_of_work


@unit_of_work
def create_initiative(
    session: Session,
    *,
    actor: User,
    name: str,
    region: str,
    sector: str | None = None,
    model_version: str | None = None,
) -> Initiative:
    """On the newest published version unless `model_version` names another (the demo starts
    on the first one, so that its move to the newest runs on real data)."""
    if not permissions.can_create_initiative(actor.role):
        raise Forbidden(
            "Only support officers and admins create initiatives.", code="may_not_create"
        )
    name = required_text("name", name, NAME_MAX)
    region = required_text("region", region, REGION_MAX)
    sector = (sector or "").strip()[:REGION_MAX] or None
    model = get_model(model_version or latest_version())
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
    recompute_readiness(session, initiative.id)
    audit_log.record(
        session,
        actor=actor,
        action="initiative.create",
        target_type="initiative",
        target_id=initiative.id,
        initiative_id=initiative.id,
        phase=initiative.phase.value,
        after={"name": name, "region": region, "sector": sector, "model_version": model.version},
    )
    return initiative


@unit_of_work
def update_item(
    session: Session, *, actor: User, initiative_id: int, key: str, update: ItemUpdate
) -> ItemState:
    initiative = visible_initiative(session, actor, initiative_id)
    model = get_model(initiative.model_version)
    item = model.item(key)
    if item is None:
        raise NotFound(f"No item {key!r} in {model.version}.")
    member = access_queries.is_member(session, initiative_id=initiative.id, user_id=actor.id)
    if not permissions.can_edit_item(actor.role, item.category, is_member=member):
        raise Forbidden(
            f"Your role may not change {item.category.value} items.", code="may_not_edit_item"
        )
    if item.phase is not initiative.phase:
        raise Conflict(
            f"Item {key!r} belongs to the {item.phase.value} phase; the initiative is in "
            f"{initiative.phase.value}. Only the current phase can be changed.",
            code="not_current_phase",
        )
    pieces = evidence_queries.evidence(session, initiative.id, key=key).get(key, [])
    in_force = facts(map(piece_of, pieces), today()).current > 0
    try:
        clean = validate_update(item, update, has_current_evidence=in_force)
    except InvalidItemUpdate as error:
        raise InvalidInput(error.field, error.message, code=error.code, **error.params) from error
    state = initiative_queries.get_item_state(session, initiative_id=initiative.id, key=key)
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
    audit_log.record(
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
    # The row is locked by the UPDATE above; only the item's phase changes.
    recompute_readiness(
        session, initiative.id, locked_version=initiative.model_version, phase=initiative.phase
    )
    set_committed_value(state, "updated_by", actor)  # who saved it: no query to learn it
    return state


def _item_audit(state: ItemState) -> dict[str, Any]:
    return {
        "status": state.status.value if state.status else None,
        "note": state.note,
        "link": state.link,
        "justification": state.justification,
        "needs_confirmation": bool(state.needs_confirmation),
    }


@unit_of_work
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
        raise Conflict(
            "The initiative changed phase meanwhile: reload and try again.", code="stale_phase"
        )
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
    recompute_readiness(session, initiative.id)
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
    audit_log.record(
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


@unit_of_work
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
    initiative = visible_initiative(session, actor, initiative_id)
    if not permissions.can_transition(actor.role):
        raise Forbidden(
            "Only support officers and admins move initiatives between phases.",
            code="may_not_transition",
        )
    if expected_phase is not None and expected_phase is not initiative.phase:
        raise Conflict(
            f"The initiative is in {initiative.phase.value}, not {expected_phase.value}: "
            "reload the page.",
            code="stale_phase",
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
    open_review = review_queries.open_review(session, initiative.id)
    if trigger is not Trigger.ADVANCE and open_review is not None:
        withdraw(session, actor=actor, review=open_review, transition=transition)
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
            outcome=ReviewOutcome.GO,
            rationale=transition.reason or "Advanced directly by a support officer.",
            snapshot=snapshot,
            transition=transition,
        )
    session.refresh(initiative)
    return transition
