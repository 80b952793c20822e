"""The codes of the flash messages; app/labels.py gives each its words."""

from __future__ import annotations

from enum import StrEnum

from app.domain.reviews import ReviewOutcome
from app.domain.workflow import Trigger


class Flash(StrEnum):
    """The one-line outcomes a page shows after a redirect (app/web/security.py flash())."""

    INITIATIVE_CREATED = "initiative_created"
    ITEM_SAVED = "item_saved"
    ITEM_NOT_SAVED = "item_not_saved"
    MEMBER_ADDED = "member_added"
    MEMBER_REMOVED = "member_removed"
    MEMBER_UNKNOWN = "member_unknown"
    MOVED_ADVANCE = "moved:advance"
    MOVED_STEP_BACK = "moved:step_back"
    MOVED_CLOSE = "moved:close"
    MOVED_REOPEN = "moved:reopen"
    EVIDENCE_SAVED = "evidence_saved"
    EVIDENCE_NOT_SAVED = "evidence_not_saved"
    REVIEW_REQUESTED = "review_requested"
    REVIEW_NOT_REQUESTED = "review_not_requested"
    REVIEW_OPEN = "review_open"  # advance asked while a review waits: decide it instead
    DECIDED_GO = "decided:go"
    DECIDED_CONDITIONAL_GO = "decided:conditional_go"
    DECIDED_HOLD = "decided:hold"
    DECIDED_RECYCLE = "decided:recycle"
    CONDITION_CLOSED = "condition_closed"
    CONDITION_NEEDS_NOTE = "condition_needs_note"
    MODEL_MOVED = "model_moved"
    MODEL_MOVE_STALE = "model_move_stale"
    ACTOR_ADDED = "actor_added"
    ACTOR_LEFT = "actor_left"
    ACTOR_REJOINED = "actor_rejoined"
    ACTORS_IMPORTED = "actors_imported"
    ASSESSMENT_RECORDED = "assessment_recorded"
    PROGRAMME_MEASURE_ADDED = "programme_measure_added"
    PROGRAMME_INDICATOR_SAVED = "programme_indicator_saved"
    PROGRAMME_REVIEW_ADDED = "programme_review_added"
    REGION_SAVED = "region_saved"
    TARGET_DATE_SAVED = "target_date_saved"
    DIGEST_SAVED = "digest_saved"
    NOTIFICATIONS_SAVED = "notifications_saved"
    # The access page says these from its address (?done=), so a reload repeats nothing.
    FUNDER_ADDED = "funder_added"
    FUNDER_REMOVED = "funder_removed"
    LINK_REVOKED = "link_revoked"
    SUPPORT_RECORDED = "support_recorded"
    LABEL_RECORDED = "label_recorded"
    READINESS_NOTE_ADDED = "readiness_note_added"
    GRANT_ADDED = "grant_added"
    FUNDING_ORGANISATION_ADDED = "funding_organisation_added"

    @classmethod
    def moved(cls, trigger: Trigger) -> Flash:
        return cls(f"moved:{trigger.value}")

    @classmethod
    def decided(cls, outcome: ReviewOutcome) -> Flash:
        return cls(f"decided:{outcome.value}")
