"""The item-state export: one row per visible initiative × item, in the chosen language."""

from __future__ import annotations

import csv
import io

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.items import ItemStatus, ItemUpdate
from app.evidence import services as evidence_services
from app.evidence import sharing
from app.evidence.services import NewEvidence
from app.evidence.storage import BlobStore
from app.initiatives import items as initiative_items
from app.models.initiatives import Initiative, ItemState
from app.phases import Phase, get_model
from app.portfolio.item_export import csv_chunks
from tests.conftest import People, bearer
from tests.portfolio.test_readiness_day import KEY


def _rows(text: str, separator: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=separator))


def test_every_item_state_in_swedish_with_who_and_evidence_count(
    session: Session, people: People, initiative: Initiative
) -> None:
    initiative_items.update_item(
        session, actor=people.leader, initiative_id=initiative.id, key=KEY,
        update=ItemUpdate(ItemStatus.NOT_APPLICABLE, justification="Gäller inte oss."),
    )  # fmt: skip
    header, *rows = _rows("".join(csv_chunks(session, people.support, "sv")), ";")
    assert header[3] == "Punktens nyckel"
    states = session.scalar(select(func.count()).select_from(ItemState))
    assert len(rows) == states
    (row,) = [r for r in rows if r[3] == KEY]
    item = get_model(initiative.model_version).item(KEY)
    assert item is not None
    assert row[0] == initiative.name and row[4] == item.text.sv
    assert row[7] == people.leader.name and row[10] == "0"


def test_the_api_streams_only_what_the_user_may_see(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    response = client.get("/api/portfolio/items.csv", headers=bearer(session, people.outsider))
    assert response.status_code == 200
    assert _rows(response.text, ",")[1:] == []  # the outsider sees no initiative
    response = client.get("/api/portfolio/items.csv", headers=bearer(session, people.support))
    assert response.headers["content-type"].startswith("text/csv")
    assert len(_rows(response.text, ",")) > 100


def test_a_shared_piece_counts_for_every_item_it_serves(
    session: Session, people: People, initiative: Initiative
) -> None:
    first, second = (i.key for i in get_model().required_items(Phase.STARTING_POINT)[:2])
    piece = evidence_services.add_evidence(
        session, actor=people.leader, initiative_id=initiative.id, key=first,
        new=NewEvidence("note", note="Handlingsplan 2027"), store=BlobStore(None), max_bytes=1000,
    )  # fmt: skip
    sharing.attach_evidence(
        session, actor=people.leader, initiative_id=initiative.id, evidence_id=piece.id, key=second
    )
    _header, *rows = _rows("".join(csv_chunks(session, people.support, "en")), ",")
    counts = {r[3]: r[10] for r in rows}
    assert counts[first] == counts[second] == "1"
