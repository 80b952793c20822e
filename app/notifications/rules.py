"""Kinds of notification, who chooses what by e-mail, and when each kind is due. Pure."""

from __future__ import annotations

from enum import StrEnum


class NotificationKind(StrEnum):
    REVIEW_REQUESTED = "review_requested"  # to support officers
    REVIEW_DECIDED = "review_decided"  # to the group and the funders
    CONDITION_DUE = "condition_due"  # due within 7 days, or overdue
    EVIDENCE_EXPIRING = "evidence_expiring"  # within 30 days
    TARGET_DATE_PASSED = "target_date_passed"
    MENTION = "mention"  # named in a comment


class EmailChoice(StrEnum):
    IMMEDIATELY = "immediately"
    DAILY = "daily"  # one summary a day
    NEVER = "never"


# What people get until they choose: news about a decision at once, reminders once a day.
DEFAULT_EMAIL: dict[NotificationKind, EmailChoice] = {
    NotificationKind.REVIEW_REQUESTED: EmailChoice.IMMEDIATELY,
    NotificationKind.REVIEW_DECIDED: EmailChoice.IMMEDIATELY,
    NotificationKind.MENTION: EmailChoice.IMMEDIATELY,
    NotificationKind.CONDITION_DUE: EmailChoice.DAILY,
    NotificationKind.EVIDENCE_EXPIRING: EmailChoice.DAILY,
    NotificationKind.TARGET_DATE_PASSED: EmailChoice.DAILY,
}

DECISION_LOOKBACK_DAYS = 7  # a first run does not replay every old decision


def email_choice(
    kind: NotificationKind, chosen: dict[NotificationKind, EmailChoice]
) -> EmailChoice:
    return chosen.get(kind, DEFAULT_EMAIL[kind])


def mailed_now(choice: EmailChoice, *, daily_run: bool) -> bool:
    """Whether a pending notification goes out in this run of `notify send`."""
    if choice is EmailChoice.IMMEDIATELY:
        return True
    return choice is EmailChoice.DAILY and daily_run
