"""The fields of an audit entry's before and after, by label: what changed, in words.

Pure, beside sentences.py: a field's label is marked with N_ and its value becomes a
parameter (an enum member, a date, an item, kronor) that the timeline names in the
reader's language. Hashes and internal ids are left to the technical details.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from app.actors.vocabulary import ActorType, HelixSide
from app.audit.params import Day, EntryLike, Item, Money, Param, Several, Words
from app.audit.params import Label as EnumLabel
from app.domain.evidence import EvidenceKind
from app.domain.items import ItemStatus
from app.domain.permissions import Role
from app.domain.reviews import ReviewOutcome, ReviewStatus
from app.excellence.rules import LabelLevel, ReadinessArea
from app.internationalisation.scale import KeyDirection
from app.labels import N_
from app.messages import STORED
from app.phases import Phase
from app.support.rules import SupportKind

LABELS: dict[str, str] = {
    "status": N_("Status"),
    "note": N_("Note"),
    "link": N_("Link"),
    "url": N_("Link"),
    "justification": N_("Justification"),
    "reason": N_("Reason"),
    "rationale": N_("Rationale"),
    "outcome": N_("Decision"),
    "text": N_("Text"),
    "body": N_("Text"),
    "owner": N_("Owner"),
    "due_on": N_("Due date"),
    "closed": N_("Closed"),
    "withdrawn": N_("Withdrawn"),
    "revoked": N_("Revoked"),
    "active": N_("Active"),
    "kind": N_("Kind"),
    "file_name": N_("File"),
    "effective_on": N_("In force from"),
    "expires_on": N_("Expires"),
    "expires_at": N_("Valid until"),
    "valid_until": N_("Valid until"),
    "item": N_("Item"),
    "item_key": N_("Item"),
    "name": N_("Name"),
    "title": N_("Title"),
    "email": N_("E-mail"),
    "role": N_("Role"),
    "locale": N_("Language"),
    "label": N_("For"),
    "organisation_number": N_("Organisation number"),
    "type": N_("Type"),
    "helix_side": N_("Triple-helix side"),
    "joined_on": N_("Joined on"),
    "left_on": N_("Left on"),
    "region": N_("Region"),
    "sector": N_("Sector"),
    "phase": N_("Phase"),
    "phases": N_("Phases"),
    "model_version": N_("Phase-model version"),
    "added": N_("Items added"),
    "removed": N_("Items removed"),
    "changed": N_("Items reworded"),
    "changes": N_("Changes"),
    "target_date": N_("Target date"),
    "stalled_after_days": N_("Stalled after (days)"),
    "assessed_on": N_("Assessment date"),
    "reviewed_on": N_("Review date"),
    "level": N_("Level"),
    "area": N_("Area"),
    "direction": N_("Key direction"),
    "unit": N_("Unit"),
    "baseline": N_("Baseline"),
    "target": N_("Target value"),
    "actual": N_("Actual value"),
    "on": N_("Date"),
    "hours": N_("Hours"),
    "cost_sek": N_("Cost"),
    "amount_sek": N_("Amount"),
    "cofinancing_sek": N_("Co-financing"),
    "cofinancing_cash_sek": N_("Co-financing in cash"),
    "cofinancing_in_kind_sek": N_("Co-financing in kind"),
    "funder": N_("Funder"),
    "programme": N_("Programme"),
    "starts_on": N_("Starts"),
    "ends_on": N_("Ends"),
    "awarded_on": N_("Awarded on"),
    "assessing_organisation": N_("Assessed by"),
    "tokens_revoked": N_("API tokens revoked"),
    "holder": N_("Held by"),
}

# Left to the technical details: hashes, ids, and flags the sentence already says.
HIDDEN = frozenset(
    {"sha256", "snapshot_sha256", "transition", "id", "evidence_id", "review_id",
     "needs_confirmation", "actors", "indicators", "mac"}
)  # fmt: skip

ENUMS: dict[str, type[StrEnum]] = {
    "outcome": ReviewOutcome,
    "role": Role,
    "phase": Phase,
    "phases": Phase,
    "type": ActorType,
    "helix_side": HelixSide,
    "direction": KeyDirection,
    "area": ReadinessArea,
}
# A field whose enum depends on what the entry is about.
ENUMS_BY_TARGET: dict[tuple[str, str], type[StrEnum]] = {
    ("item", "status"): ItemStatus,
    ("gate_review", "status"): ReviewStatus,
    ("evidence", "kind"): EvidenceKind,
    ("support_activity", "kind"): SupportKind,
    ("cluster_label", "level"): LabelLevel,
}
DATES = frozenset(
    {"effective_on", "expires_on", "expires_at", "due_on", "joined_on", "left_on",
     "target_date", "assessed_on", "reviewed_on", "on", "starts_on", "ends_on",
     "awarded_on", "valid_until"}
)  # fmt: skip
ITEMS = frozenset({"item", "item_key"})
YES, NO = N_("yes"), N_("no")


@dataclass(frozen=True)
class Change:
    """One field: its label (N_) and its value before and after; None where it had none."""

    label: str
    before: Param | None
    after: Param | None


def label_of(name: str) -> str:
    """The field's label; a field nobody labelled yet reads as its name in words."""
    return LABELS.get(name) or name.replace("_", " ").capitalize()


def value_of(name: str, value: Any, target_type: str = "") -> Param | None:
    enum = ENUMS_BY_TARGET.get((target_type, name)) or ENUMS.get(name)
    if value is None or value == "" or isinstance(value, dict):
        return None
    if name == "rationale" and value in STORED:  # the app's words, not a person's
        return Words(STORED[value])
    if isinstance(value, bool):
        return Words(YES if value else NO)
    if isinstance(value, list):
        if enum is not None:
            return Several(tuple(EnumLabel(enum, str(v)) for v in value))
        return len(value)
    if enum is not None:
        return EnumLabel(enum, str(value))
    if name in DATES:
        return Day(str(value))
    if name in ITEMS:
        return Item(str(value))
    if name.endswith("_sek") and isinstance(value, int | float):
        return Money(value)
    if isinstance(value, int | float):
        return value
    if name == "hours":
        try:
            return float(value)
        except ValueError:
            return str(value)
    return str(value)


def _fields(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def changes(entry: EntryLike, shown: tuple[str, ...] | None = None) -> list[Change]:
    """The fields that differ between before and after (only `shown` ones, if given), in
    the order the entry wrote them; a field present on one side only was set or cleared."""
    before, after = _fields(entry.before), _fields(entry.after)
    names = [*after, *(k for k in before if k not in after)]
    rows = []
    for name in names:
        if name in HIDDEN or (shown is not None and name not in shown):
            continue
        if before.get(name) == after.get(name):
            continue
        old = value_of(name, before.get(name), entry.target_type)
        new = value_of(name, after.get(name), entry.target_type)
        if old is None and new is None:
            continue
        rows.append(Change(label_of(name), old, new))
    return rows
