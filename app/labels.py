"""What the UI calls every enum member and every flash code: one table for pages,
exports, PDFs and e-mail.

The English labels are marked with N_() so that Babel extracts them into the catalog;
label() translates them in the reader's language. Actor types, triple-helix sides and
assessment dimensions are vocabulary the CSV import reads in both languages, so they
keep their two names as data beside their enums; label() reads them there.
Templates use the `label` filter: `initiative.phase|label`, or `code|label("Flash")`
for a plain string.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from app.access.rules import LinkStatus
from app.actors.vocabulary import ACTOR_TYPE_NAMES, HELIX_SIDE_NAMES, ActorType, HelixSide
from app.domain.evidence import EvidenceKind
from app.domain.items import ItemStatus, Standing
from app.domain.model_diff import DiffField
from app.domain.permissions import Role
from app.domain.reviews import ReviewOutcome, ReviewStatus
from app.domain.workflow import Trigger
from app.excellence.rules import LabelLevel, ReadinessArea
from app.flashes import Flash
from app.i18n import translations
from app.internationalisation.scale import (
    DIMENSION_NAMES,
    KEY_DIRECTION_NAMES,
    Dimension,
    KeyDirection,
)
from app.notifications.rules import EmailChoice, NotificationKind
from app.phases import Category, Evidence, Phase, Text
from app.support.rules import SupportKind


def N_(message: str) -> str:
    """Marks a string for extraction; it is translated where it is shown."""
    return message


LABELS: dict[type[StrEnum], dict[str, str]] = {
    Phase: {
        Phase.STARTING_POINT: N_("Starting point"),
        Phase.INITIATION: N_("Initiation"),
        Phase.PILOT: N_("Pilot"),
        Phase.ESTABLISHMENT: N_("Establishment"),
        Phase.SUSTAINABILITY: N_("Sustainability"),
        Phase.CLOSED: N_("Closed"),
    },
    Category: {
        Category.STARTING_POINT: N_("Starting point"),
        Category.EVENTS: N_("Events"),
        Category.SUPPORT: N_("Process support"),
        Category.RESULTS: N_("Results"),
        Category.LEADERSHIP: N_("Process leadership"),
    },
    Role: {
        Role.ADMIN: N_("Administrator"),
        Role.SUPPORT: N_("Support officer"),
        Role.LEADERSHIP: N_("Process leadership"),
        Role.FUNDER: N_("Funder"),
    },
    ItemStatus: {
        ItemStatus.OPEN: N_("Open"),
        ItemStatus.DONE: N_("Done"),
        ItemStatus.NOT_APPLICABLE: N_("Not applicable"),
    },
    Standing: {
        Standing.OPEN: N_("Open"),
        Standing.DONE: N_("Done"),
        Standing.NOT_APPLICABLE: N_("Not applicable"),
        Standing.NEEDS_RENEWAL: N_("Needs renewal"),
        Standing.NEEDS_CONFIRMATION: N_("Needs confirmation"),
    },
    Trigger: {
        Trigger.ADVANCE: N_("Advance"),
        Trigger.STEP_BACK: N_("Step back"),
        Trigger.CLOSE: N_("Close"),
        Trigger.REOPEN: N_("Reopen"),
    },
    # What an item of the phase model asks for.
    Evidence: {
        Evidence.NONE: N_("No evidence needed"),
        Evidence.NOTE: N_("Note needed"),
        Evidence.LINK: N_("Link to document needed"),
    },
    # What a piece of evidence is.
    EvidenceKind: {
        EvidenceKind.NOTE: N_("Written statement"),
        EvidenceKind.LINK: N_("Link"),
        EvidenceKind.FILE: N_("Document"),
    },
    NotificationKind: {
        NotificationKind.REVIEW_REQUESTED: N_("A gate review is requested"),
        NotificationKind.REVIEW_DECIDED: N_("A gate review is decided"),
        NotificationKind.CONDITION_DUE: N_("A condition is due or overdue"),
        NotificationKind.EVIDENCE_EXPIRING: N_("Evidence expires within 30 days"),
        NotificationKind.TARGET_DATE_PASSED: N_("A target date has passed"),
        NotificationKind.MENTION: N_("Someone mentions me in a comment"),
    },
    EmailChoice: {
        EmailChoice.IMMEDIATELY: N_("E-mail at once"),
        EmailChoice.DAILY: N_("In a daily summary"),
        EmailChoice.NEVER: N_("No e-mail"),
    },
    ReviewStatus: {
        ReviewStatus.REQUESTED: N_("Awaiting decision"),
        ReviewStatus.DECIDED: N_("Decided"),
        ReviewStatus.WITHDRAWN: N_("Withdrawn"),
    },
    ReviewOutcome: {
        ReviewOutcome.GO: N_("Go"),
        ReviewOutcome.CONDITIONAL_GO: N_("Conditional Go"),
        ReviewOutcome.HOLD: N_("Hold"),
        ReviewOutcome.RECYCLE: N_("Recycle"),
    },
    DiffField: {
        DiffField.TEXT_SV: N_("Swedish text"),
        DiffField.TEXT_EN: N_("English text"),
        DiffField.PHASE: N_("Phase"),
        DiffField.CATEGORY: N_("Checklist"),
        DiffField.REQUIRED: N_("Required at the gate"),
        DiffField.EVIDENCE: N_("Evidence"),
        DiffField.HEADING: N_("Heading"),
    },
    SupportKind: {
        SupportKind.WORKSHOP: N_("Workshop"),
        SupportKind.ADVICE: N_("Advice"),
        SupportKind.ANALYSIS: N_("Analysis"),
        SupportKind.MATCHMAKING: N_("Matchmaking"),
        SupportKind.FUNDING_ADVICE: N_("Funding advice"),
        SupportKind.TRAINING: N_("Training"),
        SupportKind.OTHER: N_("Other support"),
    },
    LabelLevel: {
        LabelLevel.BRONZE: N_("Bronze"),
        LabelLevel.SILVER: N_("Silver"),
        LabelLevel.GOLD: N_("Gold"),
    },
    # The six areas of the Bronze benchmarking interview, as ESCA names them.
    ReadinessArea: {
        ReadinessArea.STRUCTURE: N_("The structure of the cluster"),
        ReadinessArea.MANAGEMENT: N_("Cluster management and governance"),
        ReadinessArea.FINANCING: N_("Financing of the cluster management"),
        ReadinessArea.SERVICES: N_("Services provided by the cluster management"),
        ReadinessArea.INTERACTION: N_("Contacts and interaction within the cluster"),
        ReadinessArea.ACHIEVEMENTS: N_("Achievements and recognition"),
    },
    LinkStatus: {
        LinkStatus.ACTIVE: N_("active"),
        LinkStatus.EXPIRED: N_("expired"),
        LinkStatus.REVOKED: N_("revoked"),
    },
    Flash: {
        Flash.INITIATIVE_CREATED: N_("The initiative was created."),
        Flash.ITEM_SAVED: N_("The item was saved."),
        Flash.ITEM_NOT_SAVED: N_("The item was not saved: open it to see why."),
        Flash.MEMBER_ADDED: N_("The person was added to the process-leadership group."),
        Flash.MEMBER_REMOVED: N_("The person was removed from the process-leadership group."),
        Flash.MEMBER_UNKNOWN: N_("No process-leadership user has that email address."),
        Flash.MOVED_ADVANCE: N_("The initiative moved to the next phase."),
        Flash.MOVED_STEP_BACK: N_("The initiative stepped back to the previous phase."),
        Flash.MOVED_CLOSE: N_("The initiative was closed."),
        Flash.MOVED_REOPEN: N_("The initiative was reopened."),
        Flash.EVIDENCE_SAVED: N_("The evidence was saved."),
        Flash.EVIDENCE_NOT_SAVED: N_("The evidence was not saved: open the item to see why."),
        Flash.REVIEW_REQUESTED: N_(
            "A gate review was requested. A support officer will decide it."
        ),
        Flash.REVIEW_NOT_REQUESTED: N_(
            "A gate review cannot be requested now: the gate must be open and no other "
            "review requested."
        ),
        Flash.REVIEW_OPEN: N_(
            "The group has requested a gate review: decide it here. Go advances the initiative."
        ),
        Flash.DECIDED_GO: N_("Decided: Go. The initiative moved to the next phase."),
        Flash.DECIDED_CONDITIONAL_GO: N_(
            "Decided: Conditional Go. The initiative moved to the next phase; its conditions "
            "block the next gate until they are closed."
        ),
        Flash.DECIDED_HOLD: N_("Decided: Hold. The initiative stays in its phase."),
        Flash.DECIDED_RECYCLE: N_(
            "Decided: Recycle. The initiative stepped back to the previous phase."
        ),
        Flash.CONDITION_CLOSED: N_("The condition was closed."),
        Flash.CONDITION_NEEDS_NOTE: N_("Write how the condition was met to close it."),
        Flash.MODEL_MOVED: N_("The initiative now follows the new phase-model version."),
        Flash.MODEL_MOVE_STALE: N_(
            "The initiative had already moved to another phase-model version. The page now "
            "shows where it stands."
        ),
        Flash.ACTOR_ADDED: N_("The actor was added."),
        Flash.ACTOR_LEFT: N_("The leaving was recorded."),
        Flash.ACTOR_REJOINED: N_("The re-joining was recorded as a new membership period."),
        Flash.ACTORS_IMPORTED: N_("The actors in the file were imported."),
        Flash.ASSESSMENT_RECORDED: N_("The assessment was recorded."),
        Flash.PROGRAMME_MEASURE_ADDED: N_("The measure was added to the programme."),
        Flash.PROGRAMME_INDICATOR_SAVED: N_("The indicator's figures were saved."),
        Flash.PROGRAMME_REVIEW_ADDED: N_("The review of the programme was recorded."),
        Flash.REGION_SAVED: N_("The region setting was saved."),
        Flash.TARGET_DATE_SAVED: N_("The target date was saved."),
        Flash.DIGEST_SAVED: N_("Your digest setting was saved."),
        Flash.NOTIFICATIONS_SAVED: N_("Your notification settings were saved."),
        Flash.FUNDER_ADDED: N_("The funder was added."),
        Flash.FUNDER_REMOVED: N_("The funder was removed."),
        Flash.LINK_REVOKED: N_("The auditor link was revoked."),
        Flash.SUPPORT_RECORDED: N_("The support activity was recorded."),
        Flash.LABEL_RECORDED: N_("The label was recorded."),
        Flash.READINESS_NOTE_ADDED: N_("The note was added."),
        Flash.GRANT_ADDED: N_("The grant was recorded."),
        Flash.FUNDING_ORGANISATION_ADDED: N_("The funding organisation was added."),
    },
}

# Vocabulary named in both languages as data (the CSV import reads either name).
BILINGUAL: dict[type[StrEnum], Mapping[Any, Text]] = {
    ActorType: ACTOR_TYPE_NAMES,
    HelixSide: HELIX_SIDE_NAMES,
    Dimension: DIMENSION_NAMES,
    KeyDirection: KEY_DIRECTION_NAMES,
}

# Every labelled enum by its class name, for templates that hold a plain string.
ENUMS: dict[str, type[StrEnum]] = {kind.__name__: kind for kind in (*LABELS, *BILINGUAL)}


def label(value: StrEnum | str | None, locale: str, of: type[StrEnum] | str | None = None) -> str:
    """The label of an enum member (or of a plain value of the enum `of`) in `locale`.

    An unknown value is shown as it is, so that a stale value never breaks a page.
    """
    if value is None:
        return ""
    kind = ENUMS[of] if isinstance(of, str) else of
    if kind is None:
        if not isinstance(value, StrEnum):
            return str(value)
        kind = type(value)
    key = str(value)
    if kind in BILINGUAL:
        name = BILINGUAL[kind].get(key)
        return name.get(locale) if name is not None else key
    english = LABELS.get(kind, {}).get(key)
    if english is None:
        return key
    return translations(locale).gettext(english)
