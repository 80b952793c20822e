"""What one item save costs in SQL statements, readiness kept up to date included."""

from __future__ import annotations

from sqlalchemy import Connection
from sqlalchemy.orm import Session

from app.domain.items import ItemStatus, ItemUpdate
from app.initiatives import services as initiatives
from app.models.initiatives import Initiative
from tests.conftest import People, recorded_statements
from tests.portfolio.test_readiness_day import KEY

LIMIT = 12  # the issue aims at 10: audit (4), two membership checks and the item's evidence remain


def test_an_item_save_takes_at_most_12_statements(
    session: Session, connection: Connection, people: People, initiative: Initiative
) -> None:
    with recorded_statements(connection) as statements:
        initiatives.update_item(
            session, actor=people.leader, initiative_id=initiative.id, key=KEY,
            update=ItemUpdate(ItemStatus.DONE, note="Klart"),
        )  # fmt: skip
    # The test's own SAVEPOINT and its RELEASE are not the save's work.
    work = [s for s in statements if "SAVEPOINT" not in s]
    print("\n".join(s[:110].replace("\n", " ") for s in work))
    assert len(work) <= LIMIT, len(work)
