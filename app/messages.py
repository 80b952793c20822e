"""What a refusal says to the reader, by its stable code (app/errors.py, Refusal and Gate
in app/domain): the table beside app/labels.py, for messages instead of names.

A page renders `error.code|message(error.message, error.params)`: the message in the
page's language, or the English detail when the code has no entry of its own (a
refusal that only carries its class's code, such as "not_found").
"""

from __future__ import annotations

from collections.abc import Mapping

from app.i18n import translations
from app.labels import N_

MESSAGES: dict[str, str] = {
    # Transitions and the gate (app/domain/workflow.py, app/domain/gates.py)
    "reason_required": N_("Write a reason."),
    "reason_too_long": N_("The reason is longer than %(limit)d characters."),
    "trigger_not_possible": N_("That move is not possible from the current phase."),
    "unknown_trigger": N_("That move does not exist."),
    "refused": N_("The move was refused."),
    "gate_unknown": N_("The gate could not be checked. Reload the page and try again."),
    "gate_closed": N_("The gate is closed."),
    "closed": N_("The initiative is closed."),
    "last_phase": N_("This is the last phase."),
    "items_missing": N_("Required items of this phase are not done."),
    "conditions_open": N_("Conditions of an earlier decision are still open."),
    "stale_phase": N_(
        "The initiative changed phase meanwhile. The page now shows where it stands."
    ),
    "may_not_transition": N_("Only support officers and admins move initiatives between phases."),
    # Gate reviews
    "may_not_request_review": N_(
        "Only the initiative's process-leadership group requests a gate review."
    ),
    "may_not_decide_review": N_("Only support officers and admins decide gate reviews."),
    "no_gate": N_("There is no gate out of this phase."),
    "review_already_requested": N_("A gate review is already requested for this initiative."),
    "unknown_outcome": N_("Choose an outcome."),
    "review_not_open": N_("This gate review is already decided or withdrawn."),
    "review_phase_left": N_("The initiative has left the phase this review was for."),
    "conditions_required": N_("A Conditional Go needs at least one condition."),
    "conditions_not_allowed": N_("Only a Conditional Go carries conditions."),
    "condition_due_date": N_("Each condition needs a due date."),
    "no_earlier_phase": N_("There is no earlier phase to recycle to."),
    "condition_already_closed": N_("This condition is already closed."),
    # Items
    "may_not_create": N_("Only support officers and admins create initiatives."),
    "may_not_edit_item": N_("Your role may not change the items of this checklist."),
    "not_current_phase": N_("Only the items of the current phase can be changed."),
    "unknown_status": N_("Choose a status."),
    "evidence_required": N_(
        "Add a note, a link or a document as evidence before marking this item done."
    ),
    "justification_required": N_("Write a justification to mark this item not applicable."),
    "invalid_url": N_("The link must be a web address starting with http:// or https://."),
    "heading_not_tickable": N_(
        "This line is a heading over the items after it: it is never ticked."
    ),
    # Evidence
    "unknown_kind": N_("Choose the kind of evidence."),
    "note_required": N_("Write the note."),
    "invalid_date": N_("Give a date as YYYY-MM-DD."),
    "expiry_before_effective": N_(
        "The expiry date must be a date on or after the date it is in force from."
    ),
    "no_name": N_("Choose a file to upload."),
    "empty": N_("The file is empty."),
    "too_large": N_("The file is larger than the limit of %(limit)d MB."),
    "unknown_type": N_(
        "This is not a document we accept: upload a PDF, an office document (Word, Excel, "
        "PowerPoint or OpenDocument) or an image (PNG, JPEG, GIF, WebP)."
    ),
    "name_mismatch": N_(
        "The file is named %(name)s but its content is %(media_type)s: rename it to "
        "%(expected)s or upload the right file."
    ),
    "withdrawal_reason_required": N_("Say why the evidence is withdrawn."),
    "evidence_already_withdrawn": N_("This evidence is already withdrawn."),
    "heading_takes_no_evidence": N_(
        "This line is a heading over the items after it: it takes no evidence."
    ),
    "evidence_already_attached": N_("This evidence already serves this item."),
    "evidence_of_other_initiative": N_("This evidence belongs to another initiative."),
    "evidence_own_item": N_(
        "The evidence stays with the item it was added to: withdraw it instead."
    ),
    "not_attached": N_("This evidence is not attached to this item."),
    # Any text field
    "required": N_("Fill in the required fields."),
    "too_long": N_("The text is longer than %(limit)d characters."),
    # Access
    "may_not_manage_access": N_("Only support officers and admins manage access to an initiative."),
    "unknown_funder": N_("No funder has that email address."),
    "unknown_leadership_user": N_("No process-leadership user has that email address."),
    "link_label": N_("Name who the link is for (at most 200 characters)."),
    "link_days": N_("A link lasts from 1 to %(limit)d days."),
    "link_already_revoked": N_("This link is already revoked."),
    # Accounts
    "invalid_email": N_("That is not an email address."),
    "password_too_short": N_("The password needs at least %(limit)d characters."),
    "password_too_long": N_("The password may have at most %(limit)d characters."),
    "password_too_common": N_("This password is too common or too easy to guess: choose another."),
    "email_taken": N_("A user with that email address already exists."),
    "user_already_active": N_("This person is already active."),
    "user_already_deactivated": N_("This person is already deactivated."),
    "user_deactivated": N_("This person is deactivated."),
    "token_days": N_("A token lasts from 1 to %(limit)d days."),
    "token_already_revoked": N_("This API token is already revoked."),
    "link_unknown": N_("This link is not known. Ask for a new one."),
    "link_used": N_("This link has already been used. Ask for a new one if you need it."),
    "link_expired": N_("This link has expired. Ask for a new one."),
    "link_withdrawn": N_(
        "This link is no longer valid: the invitation was withdrawn. Ask for a new one if "
        "you need it."
    ),
    "invitation_accepted": N_("This invitation has already been accepted."),
    "invitation_withdrawn": N_("This invitation is already withdrawn."),
    "wrong_current_password": N_("The current password is not right."),
    "admins_only": N_("Only admins manage people and regions."),
    "not_yourself": N_("You cannot deactivate your own account."),
    "region_taken": N_("That region is on the list already."),
    "unknown_region": N_("Choose a region from the list."),
    "may_not_edit": N_("Only support officers and admins edit initiatives."),
    "login_failed": N_("Wrong email or password."),
    "login_throttled": N_("Too many failed attempts. Wait a while and try again."),
    "account_deactivated": N_(
        "This account is deactivated. Ask an administrator if you need it again."
    ),
    "wrong_audit_key": N_(
        "The server is set up with the wrong audit key, so nothing can be recorded. "
        "Tell an administrator."
    ),
    # Phase-model versions
    "unknown_model_version": N_("There is no such published phase model."),
    "same_model_version": N_("The initiative already follows this phase-model version."),
    "older_model_version": N_("That phase-model version is older than the one followed now."),
    "may_not_move_version": N_(
        "Only support officers and admins move initiatives to a new phase-model version."
    ),
    "stale_model_version": N_(
        "The initiative had already moved to another phase-model version. The page now "
        "shows where it stands."
    ),
    # Actors and assessments
    "actor_already_left": N_("The actor has already left."),
    "actor_still_member": N_("The actor is still a member."),
    "invalid_actor": N_("Check the actor's details."),
    "import_refused": N_("The file has problems; nothing was imported."),
    "assessment_exists": N_("There is already an assessment with this date."),
    "invalid_assessment": N_("Check the assessment."),
    "unknown_grid": N_("There is no such assessment grid."),
    "invalid_programme": N_("Check the marked fields of the programme."),
    "may_not_edit_programme": N_(
        "Only the initiative's process leadership and support change its programme."
    ),
    "programme_review_exists": N_("There is already a review of the programme with this date."),
    # Grants and funding organisations
    "may_not_add_funding_organisation": N_("Only admins keep the list of funding organisations."),
    "funding_organisation_exists": N_("A funding organisation with that name already exists."),
    "may_not_add_grant": N_("Only support officers and admins record grants."),
    "unknown_funding_organisation": N_("Choose a funding organisation from the list."),
    "invalid_amount": N_("Give the granted amount in whole kronor, more than 0."),
    "invalid_cofinancing": N_("Give co-financing in whole kronor, 0 or more."),
    "cofinancing_mismatch": N_(
        "Cash and in-kind co-financing must add up to the total co-financing."
    ),
    "ends_before_start": N_("The grant must end on or after the day it starts."),
    "unknown_phase": N_("Choose phases of the phase model."),
    "too_many_reporting_dates": N_("Give at most %(limit)d reporting dates."),
    "invalid_group_by": N_("Sum up by region, funder or phase."),
    "invalid_characters": N_("The text contains characters that cannot be stored."),
    "unknown_field": N_("The request has a field that is not known: %(name)s."),
    # Support activities
    "may_not_record_support": N_("Only support officers and admins record the support given."),
    "unknown_support_kind": N_("Choose the kind of support."),
    "invalid_hours": N_("Give the hours as a number from 0 to 9999.99, with at most two decimals."),
    "invalid_cost": N_("Give the cost in whole kronor, 0 or more."),
    "date_in_future": N_("The date must not be in the future."),
    "unknown_support_item": N_("Choose a process-support item of this initiative's phase model."),
    "invalid_period": N_("The end of the period must not be before its start."),
    # Cluster Excellence labels and the preparation for them
    "may_not_record_label": N_(
        "Only support officers and admins record Cluster Excellence labels."
    ),
    "unknown_label_level": N_("Choose bronze, silver or gold."),
    "validity_before_award": N_("A label must be valid until a day after it was awarded."),
    "unknown_evidence": N_("Choose a piece of this initiative's evidence."),
    "may_not_write_readiness_notes": N_(
        "Only the initiative's process leadership, support officers and admins add notes here."
    ),
    "unknown_area": N_("Choose one of the six areas."),
    "invalid_days": N_("Give a whole number of days from 0 to %(limit)d."),
    # Comments
    "may_not_comment": N_(
        "Only the initiative's process-leadership group, support officers and admins comment."
    ),
    "may_not_edit_comment": N_("Only the person who wrote a comment edits it."),
    "comment_edited_meanwhile": N_(
        "The comment was edited by someone else meanwhile. Reload to see the latest text."
    ),
    "unknown_item": N_("There is no such item in this initiative's phase model."),
    "unknown_review": N_("There is no such gate review for this initiative."),
    # The web layer
    "csrf_failed": N_("The form has expired or did not come from this site. Reload the page."),
    # Reliability: races, input no database can take, outages
    "concurrent_change": N_("Someone else changed this at the same moment. Reload and try again."),
    "already_funder": N_("That person already funds this initiative."),
    "already_member": N_("That person is already in the process-leadership group."),
    "invalid_number": N_("The number is too large or not a number."),
    "invalid_value": N_("A value is too large or cannot be stored."),
    "unreadable_form": N_("The form could not be read. Reload the page and try again."),
    "database_unavailable": N_(
        "The database is not answering just now. Wait a moment and try again."
    ),
}


# Sentences the app stored as if a person wrote them (the rationale of a direct advance,
# app/initiatives/services.py): said in the reader's language wherever they are shown.
DIRECT_ADVANCE = N_("Advanced directly by a support officer.")
STORED: dict[str, str] = {DIRECT_ADVANCE: DIRECT_ADVANCE}


def stored(text: str | None, locale: str) -> str:
    """A stored text as it was written, unless the app wrote it: then in `locale`."""
    english = STORED.get(text or "")
    return (text or "") if english is None else translations(locale).gettext(english)


# What an error page says when the refusal's code has no message of its own (a bare HTTP
# status, or a refusal with only its class's code), by status: never the English detail.
BY_STATUS: dict[int, str] = {
    400: N_("The request could not be read. Reload the page and try again."),
    401: N_("Log in to continue."),
    403: N_("Your role does not allow this."),
    404: N_("There is nothing here: the page does not exist, or you may not see it."),
    405: N_("That cannot be done at this address."),
    409: N_("This could not be done as things stand now. Reload the page and try again."),
    422: N_("Something sent is missing or not valid. Go back and check the form."),
    429: N_("Too many requests. Wait a while and try again."),
    500: N_(
        "Something went wrong on our side. Try again, and tell an administrator if it "
        "happens again."
    ),
}


def for_status(status: int, locale: str) -> str:
    """The words of `status` in `locale`: the fallback of an error page."""
    english = BY_STATUS.get(status) or BY_STATUS[500 if status >= 500 else 400]
    return translations(locale).gettext(english)


def message(
    code: str | None,
    locale: str,
    default: str = "",
    params: Mapping[str, object] | None = None,
) -> str:
    """The message for `code` in `locale`, filled in with `params`; else `default`."""
    english = MESSAGES.get(code or "")
    if english is None:
        return default or (code or "")
    text = translations(locale).gettext(english)
    if "%(" not in english:
        return text
    try:
        return text % dict(params or {})
    except (KeyError, TypeError, ValueError):
        return default or text
