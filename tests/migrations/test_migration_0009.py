"""Migration 0009: assessments recorded before grids keep their scores and are marked as given
under today's grid, the survey's; the programme's tables come and go; both ways."""

from __future__ import annotations

from sqlalchemy import inspect, text

from app import migrate
from app.db import make_engine


def test_assessments_from_before_grids_are_the_surveys_grid(empty_url: str) -> None:
    migrate.upgrade(empty_url, "0008")
    engine = make_engine(empty_url)
    with engine.begin() as c:
        c.execute(
            text(
                "INSERT INTO initiatives (id, name, region, phase, model_version, phase_entered_at,"
                " created_at, updated_at) VALUES (1, 'N', 'R', 'pilot', 'klusterutveckling/1',"
                " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
            )
        )
        c.execute(
            text(
                "INSERT INTO internationalisation_assessments (id, initiative_id, assessed_on,"
                " level, kpis, created_at) VALUES (1, 1, '2025-10-01', 3, '[]', CURRENT_TIMESTAMP)"
            )
        )
        c.execute(
            text(
                "INSERT INTO assessment_scores (assessment_id, dimension, key, score)"
                " VALUES (1, 'geography', 'cis', 0), (1, 'groups', 'smes', NULL)"
            )
        )
    engine.dispose()
    migrate.upgrade(empty_url)
    engine = make_engine(empty_url)
    try:
        with engine.connect() as c:
            assert c.execute(
                text("SELECT grid, level FROM internationalisation_assessments")
            ).one() == ("ru-pilot-clusters/1", 3)
            assert c.execute(text("SELECT count(*) FROM assessment_scores")).scalar_one() == 2
        tables = set(inspect(engine).get_table_names())
        assert {"programme_measures", "programme_indicators", "programme_reviews"} <= tables
    finally:
        engine.dispose()
    migrate.downgrade(empty_url, "0008")
    engine = make_engine(empty_url)
    try:
        assert "programme_measures" not in set(inspect(engine).get_table_names())
        columns = {
            c["name"] for c in inspect(engine).get_columns("internationalisation_assessments")
        }
        assert "grid" not in columns
        with engine.connect() as c:  # the batch copy on SQLite lost nothing
            assert c.execute(text("SELECT count(*) FROM assessment_scores")).scalar_one() == 2
            assert (
                c.execute(text("SELECT level FROM internationalisation_assessments")).scalar_one()
                == 3
            )
    finally:
        engine.dispose()
