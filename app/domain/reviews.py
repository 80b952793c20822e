"""Gate reviews as data: where a request stands, and what each decision does. Pure."""

from __future__ import annotations

from enum import StrEnum

from app.domain.workflow import Trigger


class ReviewStatus(StrEnum):
    REQUESTED = "requested"
    DECIDED = "decided"
    WITHDRAWN = "withdrawn"  # the initiative left the phase another way


class ReviewOutcome(StrEnum):
    GO = "go"
    CONDITIONAL_GO = "conditional_go"
    HOLD = "hold"
    RECYCLE = "recycle"


# The trigger each outcome fires; Hold keeps the initiative where it is.
OUTCOME_TRIGGER: dict[ReviewOutcome, Trigger | None] = {
    ReviewOutcome.GO: Trigger.ADVANCE,
    ReviewOutcome.CONDITIONAL_GO: Trigger.ADVANCE,
    ReviewOutcome.HOLD: None,
    ReviewOutcome.RECYCLE: Trigger.STEP_BACK,
}
