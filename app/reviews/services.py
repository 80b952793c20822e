"""Gate reviews: the leadership group asks, a support officer decides."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.access import queries as access_queries
from app.clock import utc_now
from app.domain import permissions
from app.domain.gates import previous_phase
from app.domain.reviews import OUTCOME_TRIGGER, ReviewOutcome, ReviewStatus
from app.domain.text import required_text
from app.domain.workflow import Refusal, TransitionRefused, Trigger
from app.errors import Conflict, Forbidden, InvalidInput, NotFound
from app.initiatives.queries import phase_state, visible_initiative
from app.initiatives.services import gate_now, move
from app.models.accounts import User
from app.models.initiatives import Initiative
from app.models.reviews import GateReview, ReviewCondition
from app.notifications import services as notifications
from app.phases import Phase, get_model
from app.records import audit_record, initiative_to_record_on, record_audit
from app.reviews import queries as review_queries
from app.reviews.records import decide_review_row
from app.uow import lock_initiative, locked, unit_of_work

OUTCOMES = tuple(ReviewOutcome)
TEXT_MAX = 4000
OWNER_MAX = 200


@dataclass(frozen=True)
class ConditionInput:
    text: str
    owner: str
    due_on: date | None


@unit_of_work
def request_review(
    session: Session, *, actor: User, initiative_id: int, note: str | None = None
) -> GateReview:
    initiative = visible_initiative(session, actor, initiative_id)
    member = access_queries.is_member(session, initiative_id=initiative.id, user_id=actor.id)
    if not permissions.can_request_review(actor.role, is_member=member):
        raise Forbidden(
            "Only the initiative's process-leadership group requests a gate review.",
            code="may_not_request_review",
        )
    if initiative.phase in (Phase.CLOSED, Phase.SUSTAINABILITY):
        raise Conflict(f"There is no gate out of {initiative.phase.value}.", code="no_gate")
    if review_queries.open_review(session, initiative.id) is not None:
        raise Conflict(
            "A gate review is already requested for this initiative.",
            code="review_already_requested",
        )
    current = phase_state(session, initiative, get_model(initiative.model_version))
    if not current.gate.allowed:
        # The same refusal as the gate itself: it names what is missing.
        gate = current.gate
        raise TransitionRefused(Refusal(Trigger.ADVANCE, gate.detail, gate.missing, gate.code))
    note = (note or "").strip() or None
    if note and len(note) > TEXT_MAX:
        raise InvalidInput(
            "note",
            f"The note is longer than {TEXT_MAX} characters.",
            code="too_long",
            limit=TEXT_MAX,
        )
    review = GateReview(
        initiative_id=initiative.id,
        phase=initiative.phase,
        model_version=initiative.model_version,
        status=ReviewStatus.REQUESTED,
        requested_by_id=actor.id,
        requested_at=utc_now(),
        request_note=note,
    )
    session.add(review)
    try:
        # One open request per initiative is a unique index: of concurrent requests,
        # the first to insert wins and the others wait for it, then find it taken.
        session.flush()
    except IntegrityError:
        raise Conflict(
            "A gate review is already requested for this initiative.",
            code="review_already_requested",
        ) from None
    record_audit(
        session, initiative, actor=actor, action="review.request",
        target=("gate_review", review.id), after={"note": note},
    )  # fmt: skip
    notifications.collect(session, now=utc_now(), initiative_id=initiative.id)
    return review


def _as_decider(session: Session, actor: User, initiative_id: int, what: str) -> Initiative:
    """The initiative, if the actor may see it (else NotFound) and decide there (else
    Forbidden: `what` says what they may not do)."""
    refusal = Forbidden(f"Only support officers and admins {what}.", code="may_not_decide_review")
    allowed = permissions.can_decide_review(actor.role)
    return initiative_to_record_on(session, actor, initiative_id, allowed=allowed, refusal=refusal)


def _conditions(items: Sequence[ConditionInput]) -> list[ConditionInput]:
    clean = []
    for index, item in enumerate(items):
        field = f"conditions[{index}]"
        if item.due_on is None:
            raise InvalidInput(
                f"{field}.due_on", "Each condition needs a due date.", code="condition_due_date"
            )
        clean.append(
            ConditionInput(
                required_text(f"{field}.text", item.text, TEXT_MAX),
                required_text(f"{field}.owner", item.owner, OWNER_MAX),
                item.due_on,
            )
        )
    return clean


@unit_of_work
def decide(
    session: Session,
    *,
    actor: User,
    review_id: int,
    outcome: ReviewOutcome | str,
    rationale: str,
    conditions: Sequence[ConditionInput] = (),
) -> GateReview:
    """Go advances, Conditional Go advances with conditions, Hold stays, Recycle steps back.

    The review is locked while it is decided: of concurrent decisions the first decides,
    the others then read it as decided (409), whichever outcome each asked for."""
    # The initiative's row before the review's, in the order an advance takes them.
    initiative_id = session.scalar(
        select(GateReview.initiative_id).where(GateReview.id == review_id)
    )
    if initiative_id is None:
        raise NotFound(f"No gate review {review_id}.")
    lock_initiative(session, initiative_id)
    review = locked(session, GateReview, review_id)
    if review is None:
        raise NotFound(f"No gate review {review_id}.")
    initiative = _as_decider(session, actor, review.initiative_id, "decide gate reviews")
    if outcome not in OUTCOMES:
        raise InvalidInput(
            "outcome",
            f"The outcome must be one of: {', '.join(OUTCOMES)}.",
            code="unknown_outcome",
        )
    outcome = ReviewOutcome(outcome)
    rationale = required_text("rationale", rationale, TEXT_MAX)
    if review.status is not ReviewStatus.REQUESTED:
        raise Conflict(f"This gate review is {review.status} already.", code="review_not_open")
    if initiative.phase is not review.phase:
        raise Conflict(
            f"The review was for {review.phase.value}, but the initiative is now in "
            f"{initiative.phase.value}.",
            code="review_phase_left",
        )
    clean = _conditions(conditions)
    if outcome is ReviewOutcome.CONDITIONAL_GO and not clean:
        raise InvalidInput(
            "conditions",
            "A Conditional Go needs at least one condition.",
            code="conditions_required",
        )
    if outcome is not ReviewOutcome.CONDITIONAL_GO and clean:
        raise InvalidInput(
            "conditions", "Only a Conditional Go carries conditions.", code="conditions_not_allowed"
        )
    if outcome is ReviewOutcome.RECYCLE and previous_phase(initiative.phase) is None:
        raise InvalidInput(
            "outcome", "There is no earlier phase to recycle to.", code="no_earlier_phase"
        )
    current, snapshot = gate_now(session, initiative)
    trigger = OUTCOME_TRIGGER[outcome]
    transition = None
    if trigger is not None:
        transition = move(
            session,
            actor=actor,
            initiative=initiative,
            trigger=trigger,
            current=current,
            reason=rationale,
            snapshot=snapshot,
        )
    decide_review_row(
        session,
        actor=actor,
        review=review,
        outcome=outcome,
        rationale=rationale,
        snapshot=snapshot,
        transition=transition,
    )
    for item in clean:
        audit_record(
            session,
            ReviewCondition(review_id=review.id, initiative_id=initiative.id, **asdict(item)),
            actor=actor, action="condition.add", target_type="condition",
            initiative=initiative, after=asdict(item), phase=review.phase,
        )  # fmt: skip
    session.refresh(initiative)  # the phase was written by a guarded UPDATE
    session.refresh(review)
    notifications.collect(session, now=utc_now(), initiative_id=initiative.id)
    return review


@unit_of_work
def close_condition(
    session: Session, *, actor: User, condition_id: int, note: str
) -> ReviewCondition:
    condition = locked(session, ReviewCondition, condition_id)  # closed once, by one request
    if condition is None:
        raise NotFound(f"No condition {condition_id}.")
    initiative = _as_decider(session, actor, condition.initiative_id, "close conditions")
    note = required_text("note", note, TEXT_MAX)
    if condition.closed_at is not None:
        raise Conflict("This condition is already closed.", code="condition_already_closed")
    condition.closed_at = utc_now()
    condition.closed_by_id = actor.id
    condition.closing_note = note
    record_audit(
        session, initiative, actor=actor, action="condition.close",
        target=("condition", condition.id),
        before={"closed": False}, after={"closed": True, "note": note},
    )  # fmt: skip
    return condition


def review_of(session: Session, *, user: User, review_id: int) -> GateReview:
    review = session.get(GateReview, review_id)
    if review is None:
        raise NotFound(f"No gate review {review_id}.")
    visible_initiative(session, user, review.initiative_id)
    return review
