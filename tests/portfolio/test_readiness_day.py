"""Readiness and checklist progress are figured for the day the portfolio is asked about.

The SQL is built once and reused: it must not keep the day it was first built on,
or evidence that expires while the server runs would go on counting.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy.orm import Session

from app.domain.items import ItemStatus, ItemUpdate
from app.evidence import services as evidence_services
from app.evidence.services import NewEvidence
from app.evidence.storage import BlobStore
from app.initiatives import items as initiative_items
from app.models.initiatives import Initiative
from app.phases import Evidence as EvidenceKind
from app.phases import Phase, get_model
from app.portfolio.queries import PortfolioRow, Scope, portfolio_page
from app.portfolio.rules import PortfolioFilters
from tests.conftest import People

MODEL = get_model()
KEY = next(
    i.key for i in MODEL.required_items(Phase.STARTING_POINT) if i.evidence is not EvidenceKind.NONE
)


def tick_with_expiring_evidence(
    session: Session, people: People, initiative: Initiative, now: datetime
) -> date:
    """KEY ticked by the leader, with a link in force from `now` for ten days: the day it
    expires."""
    expires = now.date() + timedelta(days=10)
    evidence_services.add_evidence(
        session, actor=people.leader, initiative_id=initiative.id, key=KEY,
        new=NewEvidence("link", url="https://example.se/avtal.pdf", effective_on=now.date(),
                        expires_on=expires),
        store=BlobStore(None), max_bytes=1_000_000,
    )  # fmt: skip
    initiative_items.update_item(
        session, actor=people.leader, initiative_id=initiative.id, key=KEY,
        update=ItemUpdate(ItemStatus.DONE),
    )  # fmt: skip
    return expires


def row_on(
    session: Session, people: People, now: datetime, filters: PortfolioFilters
) -> PortfolioRow:
    scope = Scope(user=people.support, now=now, default_stalled_days=30)
    (row,) = portfolio_page(session, scope, filters).rows
    return row


def test_readiness_counts_evidence_that_expired_after_the_first_page(
    session: Session, people: People, initiative: Initiative
) -> None:
    now = datetime.now(UTC)
    tick_with_expiring_evidence(session, people, initiative, now)
    item = MODEL.item(KEY)
    assert item is not None
    category = item.category
    required = len(MODEL.required_items(Phase.STARTING_POINT))
    for filters in (PortfolioFilters(), PortfolioFilters(sort="readiness")):
        today = row_on(session, people, now, filters)
        assert today.readiness == 100.0 / required
        assert today.progress[category][0] == 1
        # Eleven days on, in the same process: the evidence has expired, the item needs renewal.
        later = row_on(session, people, now + timedelta(days=11), filters)
        assert later.readiness == 0.0
        assert later.progress[category][0] == 0
