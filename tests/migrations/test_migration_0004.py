"""Revision 0004 only adds tables: rows from before survive it, up and down."""

from __future__ import annotations

from sqlalchemy import inspect, text

from app import migrate
from app.db import make_engine

NEW_TABLES = {"actors", "internationalisation_assessments", "assessment_scores"}


def test_rows_from_before_survive_0004_up_and_down(empty_url: str) -> None:
    migrate.upgrade(empty_url, "0003")
    engine = make_engine(empty_url)
    count = "SELECT count(*) FROM initiatives WHERE name = 'Före'"
    try:
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO initiatives (name, region, phase, model_version, phase_entered_at,"
                    " created_at, updated_at) VALUES ('Före', 'R', 'pilot', 'v', :t, :t, :t)"
                ),
                {"t": "2026-01-01T00:00:00+00:00"},
            )
        migrate.upgrade(empty_url, "0004")
        with engine.begin() as connection:
            assert connection.execute(text(count)).scalar_one() == 1
            assert set(inspect(connection).get_table_names()) >= NEW_TABLES
            connection.execute(
                text(
                    "INSERT INTO actors (initiative_id, name, region, type, helix_side, joined_on,"
                    " created_at, updated_at) SELECT id, 'A', 'R', 'sme', 'business', '2026-01-01',"
                    " :t, :t FROM initiatives"
                ),
                {"t": "2026-01-01T00:00:00+00:00"},
            )
        migrate.downgrade(empty_url, "0003")
        with engine.connect() as connection:
            assert connection.execute(text(count)).scalar_one() == 1
            assert not NEW_TABLES & set(inspect(connection).get_table_names())
    finally:
        engine.dispose()
