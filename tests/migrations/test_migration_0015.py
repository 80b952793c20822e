"""Migration 0015: evidence_links arrives beside the evidence already recorded (which
keeps its own item), refuses one piece attached twice to an item, and goes on the way
down without touching the evidence."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from app import migrate
from app.db import make_engine

T = "2026-01-01T00:00:00+00:00"
LINK = (
    "INSERT INTO evidence_links (evidence_id, initiative_id, item_key, attached_at)"
    " VALUES (1, 1, 'pilot.results.plan', :t)"
)


def test_links_arrive_beside_the_evidence_and_leave_it_on_the_way_down(empty_url: str) -> None:
    migrate.upgrade(empty_url, "0014")
    engine = make_engine(empty_url)
    try:
        with engine.begin() as c:
            c.execute(
                text(
                    "INSERT INTO initiatives (id, name, region, phase, model_version,"
                    " phase_entered_at, created_at, updated_at)"
                    " VALUES (1, 'A', 'Skåne', 'pilot', 'v', :t, :t, :t)"
                ),
                {"t": T},
            )
            c.execute(
                text(
                    "INSERT INTO evidence (id, initiative_id, item_key, kind, note,"
                    " effective_on, added_at) VALUES (1, 1, 'pilot.events.plan', 'note',"
                    " 'Handlingsplan', '2026-01-01', :t)"
                ),
                {"t": T},
            )
        migrate.upgrade(empty_url, "0015")
        with engine.begin() as c:
            c.execute(text(LINK), {"t": T})
        with pytest.raises(IntegrityError), engine.begin() as c:
            c.execute(text(LINK), {"t": T})
        with engine.connect() as c:
            served = c.execute(text("SELECT item_key FROM evidence_links")).scalars().all()
        assert served == ["pilot.results.plan"]
        migrate.downgrade(empty_url, "0014")
        assert "evidence_links" not in inspect(engine).get_table_names()
        with engine.connect() as c:
            kept = c.execute(text("SELECT item_key FROM evidence")).scalars().all()
        assert kept == ["pilot.events.plan"]
    finally:
        engine.dispose()
