"""Migration 0014: the list of regions starts with those initiatives already name; both
new tables go on the way down."""

from __future__ import annotations

from sqlalchemy import inspect, text

from app import migrate
from app.db import make_engine


def test_regions_are_seeded_from_the_initiatives(empty_url: str) -> None:
    migrate.upgrade(empty_url, "0013")
    engine = make_engine(empty_url)
    try:
        with engine.begin() as c:
            for name, region in (("A", "Skåne"), ("B", "Norrbotten"), ("C", "Skåne")):
                c.execute(
                    text(
                        "INSERT INTO initiatives (name, region, phase, model_version,"
                        " phase_entered_at, created_at, updated_at)"
                        " VALUES (:name, :region, 'pilot', 'v', :t, :t, :t)"
                    ),
                    {"name": name, "region": region, "t": "2026-01-01T00:00:00+00:00"},
                )
        migrate.upgrade(empty_url)
        with engine.connect() as c:
            names = c.execute(text("SELECT name FROM regions ORDER BY name")).scalars().all()
        assert names == ["Norrbotten", "Skåne"]
        migrate.downgrade(empty_url, "0013")
        tables = inspect(engine).get_table_names()
        assert "regions" not in tables and "invitations" not in tables
    finally:
        engine.dispose()
