"""What the "Support delivered" section of the initiative's "Financing and support" tab
needs (templates/support/_section.html): the log with its totals and, for support officers
and admins, the form."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from markupsafe import Markup
from sqlalchemy.orm import Session

from app import clock, errors
from app.models.accounts import User
from app.models.support import SupportActivity
from app.rendering import macro_html
from app.support import rules, services
from app.support.rules import SupportKind

FORM_FIELDS = ("on", "kind", "hours", "cost_sek", "item_key", "note")


@lru_cache(maxsize=32)
def item_options(locale: str, version: str) -> Markup:
    """The form's options for the Processtöd items of `version`, none chosen: the same on
    every initiative page of that version (templates/support/_item_options.html)."""
    items = {i.key: i for i in services.support_items_of(version)}
    return macro_html(locale, "support/_item_options.html", "item_options", items, None)


def support_context(
    session: Session,
    user: User,
    initiative_id: int,
    *,
    error: errors.InvalidInput | None = None,
    entered: Mapping[str, str] | None = None,
    recorded: SupportActivity | None = None,
) -> dict[str, Any]:
    log = services.log_of(session, user=user, initiative_id=initiative_id)
    error_field = None
    if error is not None:
        error_field = error.field if error.field in FORM_FIELDS else "kind"
    return {
        "support_section": {
            "initiative_id": initiative_id,
            "log": log,
            "may_record": services.may_record(user),
            "kinds": list(SupportKind),
            "item_options": item_options,
            "today": clock.local_today().isoformat(),
            "error": error,
            "error_field": error_field,
            "entered": dict(entered or {}),
            "recorded": recorded,
        }
    }


def item_activity(activity: Mapping[str, str], saved: services.ItemSaved | None) -> dict[str, Any]:
    """What an item's answer adds after a save that could record its activity: the fields
    as entered while nothing was recorded, else that it was (the log is on its own tab)."""
    recorded = saved is not None and saved.activity is not None
    return {
        "activity_entered": dict(activity) if rules.started(activity) and not recorded else None,
        "activity_recorded": recorded,
    }
