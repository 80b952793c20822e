"""What the answer to an item's form shows that saving the item does not change: the
item's evidence, the initiative's open review and its open conditions.

An item save reads them in its own transaction, and only those its lock's statement found
(`present`): most saves are of an item with no evidence yet, in an initiative with no
review or condition open, and then read nothing more (tests/web/pages/test_item_save_cost.py).
The review and the conditions only for an answer with the gate (`shows_gate`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement
from sqlalchemy.orm import Session

from app.evidence import queries as evidence_queries
from app.models.evidence import Evidence
from app.models.reviews import GateReview, ReviewCondition
from app.phases import Item
from app.reviews import queries as review_queries


@dataclass(frozen=True)
class Present:
    """Which of the answer's reads would find anything."""

    evidence: bool = True
    blockers: bool = True  # an open review, or open conditions


@dataclass(frozen=True)
class AnswerReads:
    pieces: dict[str, list[Evidence]]
    conditions: Sequence[ReviewCondition]  # the open ones
    review: GateReview | None


def answer_reads(
    session: Session, initiative_id: int, key: str, present: Present | None = None
) -> AnswerReads:
    """The item's evidence (read after any piece the form adds), the initiative's open
    conditions and its open review: two queries at most, none for what is not `present`."""
    present = present or Present()
    review, conditions = (
        review_queries.gate_blockers(session, initiative_id) if present.blockers else (None, [])
    )
    pieces = evidence_queries.evidence(session, initiative_id, key=key) if present.evidence else {}
    return AnswerReads(pieces, conditions, review)


def shows_gate(item: Item) -> bool:
    """Whether the answer to a save of `item` shows the gate: the gate names only required
    items, so a save of any other cannot change it (and the answer leaves it out)."""
    return item.required


def presence() -> tuple[ColumnElement[bool], ColumnElement[bool]]:
    """SQL for `Present`, for a statement that binds `initiative_id` and `key` anyway."""
    return evidence_queries.any_of_the_item(), review_queries.any_gate_blocker()
