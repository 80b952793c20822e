"""The audit timeline's vocabulary beside the sentences: the generic sentence of an action
nobody wrote one for, kinds of event for the filter, and why a check of the chain failed,
in words. Pure."""

from __future__ import annotations

from app.audit.params import EntryLike, Sentence, Words
from app.labels import N_

# The generic sentence: the action's last word, and what it was done to.
VERBS: dict[str, str] = {
    "add": N_("%(actor)s added %(target)s"),
    "create": N_("%(actor)s created %(target)s"),
    "record": N_("%(actor)s recorded %(target)s"),
    "update": N_("%(actor)s changed %(target)s"),
    "edit": N_("%(actor)s changed %(target)s"),
    "remove": N_("%(actor)s removed %(target)s"),
    "delete": N_("%(actor)s removed %(target)s"),
    "revoke": N_("%(actor)s revoked %(target)s"),
    "close": N_("%(actor)s closed %(target)s"),
}
CHANGED = N_("%(actor)s changed %(target)s")
TARGETS: dict[str, str] = {
    "initiative": N_("the initiative"),
    "item": N_("a checklist item"),
    "evidence": N_("a piece of evidence"),
    "gate_review": N_("a gate review"),
    "condition": N_("a condition"),
    "comment": N_("a comment"),
    "user": N_("a user account"),
    "api_token": N_("an API token"),
    "auditor_link": N_("an auditor link"),
    "actor": N_("the actor register"),
    "assessment": N_("an internationalisation self-assessment"),
    "programme_measure": N_("an internationalisation measure"),
    "programme_indicator": N_("an indicator of the internationalisation programme"),
    "programme_review": N_("a review of the internationalisation programme"),
    "region": N_("a region's settings"),
    "grant": N_("a grant"),
    "funding_organisation": N_("a funding organisation"),
    "support_activity": N_("a support activity"),
    "cluster_label": N_("a Cluster Excellence label"),
    "readiness_note": N_("a readiness note"),
    "job": N_("a background job"),
}
SOMETHING = N_("a record")


def fallback(entry: EntryLike) -> Sentence:
    verb = entry.action.rsplit(".", 1)[-1]
    target = Words(TARGETS.get(entry.target_type, SOMETHING))
    return Sentence(VERBS.get(verb, CHANGED), {"target": target})


# Kinds of event, for the timeline's filter: each a label and the actions' first words.
KINDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "items": (N_("Checklist items"), ("item", "comment")),
    "evidence": (N_("Evidence"), ("evidence",)),
    "reviews": (N_("Gate reviews and conditions"), ("review", "condition")),
    "phases": (N_("Phase changes"), ("transition", "model_version")),
    "access": (N_("Who has access"), ("funder", "member", "auditor_link")),
    "actors": (N_("Actor register"), ("actor",)),
    "internationalisation": (N_("Internationalisation"), ("assessment", "programme")),
    "financing": (
        N_("Financing and support"),
        ("grant", "funding_organisation", "support_activity"),
    ),
    "labels": (N_("Cluster Excellence labels"), ("label", "readiness_note")),
    "initiative": (N_("The initiative's details"), ("initiative",)),
}
OTHER_KIND = "other"
OTHER_LABEL = N_("Other changes")


def kind_of(action: str) -> str:
    first = action.split(".", 1)[0]
    return next((kind for kind, (_, firsts) in KINDS.items() if first in firsts), OTHER_KIND)


def all_prefixes() -> tuple[str, ...]:
    return tuple(p for _, firsts in KINDS.values() for p in firsts)


# Why the chain's verification stopped (app/audit/log.py says it in English), in words.
BROKEN_BECAUSE = N_("it no longer fits the chain")
REASONS: dict[str, str] = {
    "its content was changed": N_("its content was changed after it was written"),
    "it does not follow the entry before": N_(
        "it does not follow the entry before it, so an entry was removed, added or moved"
    ),
    "the chain head is missing": N_("the record of the newest entry is missing"),
    "is missing": N_("an entry before it is missing"),  # after the head: checked in order
    "the log ends before its recorded head": N_("the newest entries were removed"),
}


def reason_words(reason: str | None) -> str:
    """The msgid that says why in words; "entry 7 is missing" names its number itself."""
    for said, words in REASONS.items():
        if reason and reason.endswith(said):
            return words
    return BROKEN_BECAUSE
