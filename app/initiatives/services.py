from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import insert
from sqlalchemy import update as sql_update
from sqlalchemy.orm import Session

from app import messages
from app.clock import today, utc_now
from app.domain import permissions
from app.domain.items import (
    SETTLED,
    ItemStatus,
)
from app.domain.reviews import ReviewOutcome
from app.domain.text import required_text
from app.domain.workflow import Subject, Trigger, fire
from app.errors import Conflict, Forbidden
from app.initiatives.queries import PhaseState, phase_state, visible_initiative
from app.initiatives.rules import NAME_MAX, REGION_MAX
from app.models.accounts import User
from app.models.initiatives import Initiative, ItemState, Transition
from app.models.reviews import GateReview
from app.phases import Item, Phase, get_model, latest_version
from app.readiness.services import recompute as recompute_readiness
from app.records import record_audit
from app.reviews import queries as review_queries
from app.reviews.records import decide_review_row, withdraw
from app.uow import hold, unit_of_work


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
    hold(session, (Initiative, initiative.id))  # a row of its own, unseen until committed
    # Every item gets its row now, so later ticks only ever update their own row.
    add_open_states(session, initiative.id, model.version, model.items)
    recompute_readiness(session, initiative.id)
    record_audit(
        session, initiative, action="initiative.create", actor=actor,
        target=("initiative", initiative.id),
        after={"name": name, "region": region, "sector": sector, "model_version": model.version},
    )  # fmt: skip
    return initiative


def add_open_states(
    session: Session, initiative_id: int, version: str, items: Iterable[Item]
) -> None:
    """An open state for each item, recorded under `version`, in one statement."""
    rows = [
        {
            "initiative_id": initiative_id,
            "item_key": item.key,
            "status": ItemStatus.OPEN,
            "model_version": version,
        }
        for item in items
    ]
    if rows:
        session.execute(insert(ItemState), rows)


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
    hold(session, (Initiative, initiative.id))  # locked by that UPDATE
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
    record_audit(
        session, initiative, action=f"transition.{trigger.value}", actor=actor,
        target=("initiative", initiative.id), phase=before, before={"phase": before.value},
        after={"phase": after.value, "reason": transition.reason, "transition": transition.id},
        at=now,
    )  # fmt: skip
    return transition


def gate_now(session: Session, initiative: Initiative) -> tuple[PhaseState, dict[str, Any]]:
    """The gate as it stands and its snapshot as of today: what a move or a decision
    freezes."""
    current = phase_state(session, initiative, get_model(initiative.model_version))
    return current, current.snapshot(initiative, today())


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
    current, snapshot = gate_now(session, initiative)
    phase = initiative.phase
    transition = move(
        session, actor=actor, initiative=initiative, trigger=trigger, current=current,
        reason=reason, snapshot=snapshot,
    )  # fmt: skip
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
            rationale=transition.reason or messages.DIRECT_ADVANCE,  # translated on display
            snapshot=snapshot,
            transition=transition,
        )
    session.refresh(initiative)
    return transition
