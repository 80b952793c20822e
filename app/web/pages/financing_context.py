"""What the initiative page's financing section needs (templates/grants/_financing.html):
the grants with their totals, and for support officers and admins the form's choices."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from app import clock, errors
from app.grants import queries, rules
from app.models.accounts import User
from app.models.initiatives import Initiative
from app.phases import PHASE_ORDER

# The form's fields; a refusal naming another (a list's entry, the total) is shown at one.
FORM_FIELDS = (
    "funder", "programme", "amount_sek", "cofinancing_cash_sek", "cofinancing_in_kind_sek",
    "starts_on", "ends_on", "phases", "reporting_dates",
)  # fmt: skip


def form_field(error: errors.InvalidInput) -> str:
    """The form field a refusal is about: `phases[1]` is `phases`, the total is the cash."""
    name = error.field.split("[", 1)[0]
    if name == "cofinancing_sek":
        return "cofinancing_cash_sek"
    return name if name in FORM_FIELDS else "funder"


def financing_context(
    session: Session,
    user: User,
    initiative: Initiative,
    *,
    error: errors.InvalidInput | None = None,
    entered: Mapping[str, Any] | None = None,
    added: bool = False,
) -> dict[str, Any]:
    found = queries.grants(session, initiative.id)
    total, cofinancing = queries.totals(found)
    today = clock.local_today()
    may_add = rules.may_add_grant(user.role)
    return {
        "financing": {
            "initiative_id": initiative.id,
            "grants": found,
            "total_sek": total,
            "cofinancing_sek": cofinancing,
            "ending_soon": {g.id for g in found if rules.ending_soon(g.ends_on, today)},
            "may_add": may_add,
            "may_manage_organisations": rules.may_add_funding_organisation(user.role),
            "organisations": queries.organisations(session) if may_add else (),
            "phases": PHASE_ORDER,
            "error": error,
            "error_field": form_field(error) if error else None,
            "entered": dict(entered or {}),
            "added": added,
        }
    }
