"""What a notification says, in the reader's language, and where it leads."""

from __future__ import annotations

from typing import Any

from app.i18n import translations
from app.labels import N_, label
from app.notifications.rules import NotificationKind
from app.phases import MODELS, Phase

SENTENCES: dict[str, str] = {
    "review_requested": N_("%(initiative)s asks for a gate review out of %(phase)s."),
    "review_decided": N_(
        "The gate review of %(initiative)s out of %(phase)s is decided: %(outcome)s."
    ),
    "condition_due": N_("A condition of %(initiative)s is due on %(due_on)s: %(text)s"),
    "condition_overdue": N_(
        "A condition of %(initiative)s was due on %(due_on)s and is still open: %(text)s"
    ),
    "evidence_expiring": N_("Evidence for “%(item)s” in %(initiative)s expires on %(expires_on)s."),
    "target_date_passed": N_(
        "The target date %(target_date)s of “%(item)s” in %(initiative)s has passed."
    ),
    "mention": N_("%(author)s mentioned you in a comment on %(initiative)s: %(excerpt)s"),
}


def _item_text(params: dict[str, Any], locale: str) -> str:
    model = MODELS.get(str(params.get("model_version", "")))
    item = model.item(str(params.get("item_key", ""))) if model is not None else None
    return item.text.get(locale) if item is not None else str(params.get("item_key", ""))


def describe(kind: NotificationKind, params: dict[str, Any], locale: str) -> str:
    values = {key: value for key, value in params.items() if value is not None}
    sentence = kind.value
    if kind is NotificationKind.CONDITION_DUE and params.get("overdue"):
        sentence = "condition_overdue"
    if "phase" in values:
        values["phase"] = label(Phase(values["phase"]), locale)
    if "outcome" in values:
        values["outcome"] = label(str(values["outcome"]), locale, "ReviewOutcome")
    if "item_key" in values:
        values["item"] = _item_text(params, locale)
    template = translations(locale).gettext(SENTENCES[sentence])
    try:
        return template % values
    except (KeyError, TypeError, ValueError):  # a stored row from an older sentence
        return template


def link(kind: NotificationKind, params: dict[str, Any], initiative_id: int | None) -> str:
    if "review_id" in params:
        return f"/gate-reviews/{params['review_id']}"
    if "url" in params:
        return str(params["url"])
    return f"/initiatives/{initiative_id}" if initiative_id is not None else "/notifications"
