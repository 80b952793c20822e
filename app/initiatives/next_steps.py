"""The initiative page's "what to do next", from what the page's view has read already:
no statement of its own, so the page's query count stays what it was, whatever N."""

from __future__ import annotations

from datetime import date

from app.audit.snapshots import piece_of
from app.domain.gates import next_phase
from app.initiatives import next_steps_rules as rules
from app.initiatives.queries import InitiativeView
from app.models.accounts import User
from app.phases import Phase


def next_steps(view: InitiativeView, user: User, today: date) -> rules.NextSteps | None:
    """None for whoever has nothing to do here (funders) and for a closed initiative."""
    initiative = view.initiative
    is_member = any(member.id == user.id for member in view.members)
    audience = rules.audience(user.role, is_member=is_member)
    if audience is None or initiative.phase is Phase.CLOSED:
        return None
    state = view.phase_state
    spec = view.model.phase(initiative.phase)
    keys = [item.key for c in spec.checklists for item in c.tickable] if spec else []
    missing = view.gate.standings or tuple((key, "open") for key in view.gate.missing)
    review = view.open_review
    return rules.NextSteps(
        audience=audience,
        missing=missing,
        conditions=rules.open_conditions(
            ((c.id, c.review_id, c.text, c.owner, c.due_on) for c in state.open_conditions),
            today,
        ),
        renewals=rules.renewals(
            keys,
            {key: [piece_of(row) for row in rows] for key, rows in state.evidence.items()},
            state.standings,
            today,
            skip=view.gate.missing,
        ),
        review=rules.waiting(
            review.id if review else None,
            review.requested_at.date() if review else None,
            today,
        ),
        gate_open=view.gate.allowed,
        next_phase=next_phase(initiative.phase),
    )
