"""How far ahead the work list looks, and how a date reads against today. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

CONDITION_WINDOW_DAYS = 7
EVIDENCE_WINDOW_DAYS = 30  # also how far ahead grant reports show
REPORT_OVERDUE_DAYS = 90  # a report date passed within this many days still shows


class Urgency(StrEnum):
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"


@dataclass(frozen=True)
class Horizon:
    """The dates a work list is read against, fixed once per request."""

    today: date

    @property
    def conditions_until(self) -> date:
        return self.today + timedelta(days=CONDITION_WINDOW_DAYS)

    @property
    def evidence_until(self) -> date:
        return self.today + timedelta(days=EVIDENCE_WINDOW_DAYS)

    def urgency(self, due: date) -> Urgency:
        return Urgency.OVERDUE if due < self.today else Urgency.DUE_SOON

    def days_until(self, due: date) -> int:
        return (due - self.today).days

    def days_since(self, then: date) -> int:
        return max(0, (self.today - then).days)
