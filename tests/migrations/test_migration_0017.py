"""Migration 0017: each initiative's row gains the stored readiness of its current phase
(and that figure's renewal date), copied from phase_readiness; a closed initiative, with
no row for its phase, carries none; the names get an index in the portfolio's order. All
go on the way down."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine, inspect, text

from app import migrate
from app.db import make_engine

T = "2026-01-01T00:00:00+00:00"
FIGURES = (
    "INSERT INTO phase_readiness (initiative_id, phase, done, open, required_total,"
    " required_open, needs_renewal, needs_confirmation, readiness, renewal_due_on, checklists)"
    " VALUES (:i, :phase, 1, 1, 2, 1, 0, 0, :readiness, :due, '{}')"
)


def _indexes(engine: Engine) -> set[str]:
    with engine.connect() as c:
        if engine.dialect.name == "sqlite":
            query = "SELECT name FROM sqlite_master WHERE type = 'index'"
        else:
            query = "SELECT indexname FROM pg_indexes WHERE tablename = 'initiatives'"
        return set(c.execute(text(query)).scalars())


def test_each_initiative_carries_its_current_phase_readiness(empty_url: str) -> None:
    migrate.upgrade(empty_url, "0016")
    engine = make_engine(empty_url)
    try:
        with engine.begin() as c:
            for i, phase in ((1, "pilot"), (2, "closed")):
                c.execute(
                    text(
                        "INSERT INTO initiatives (id, name, region, phase, model_version,"
                        " phase_entered_at, created_at, updated_at)"
                        " VALUES (:i, 'A', 'Skåne', :phase, 'v', :t, :t, :t)"
                    ),
                    {"i": i, "phase": phase, "t": T},
                )
            for phase, readiness, due in (
                ("initiation", 100.0, None),
                ("pilot", 42.5, date(2027, 3, 1)),
                ("establishment", 0.0, None),
            ):
                for i in (1, 2):
                    c.execute(
                        text(FIGURES), {"i": i, "phase": phase, "readiness": readiness, "due": due}
                    )
        migrate.upgrade(empty_url, "0017")
        with engine.connect() as c:
            carried = c.execute(
                text(
                    "SELECT id, current_readiness, current_renewal_due_on FROM initiatives"
                    " ORDER BY id"
                )
            ).all()
        assert [(i, r, str(d) if d else None) for i, r, d in carried] == [
            (1, 42.5, "2027-03-01"),
            (2, None, None),
        ]
        assert "ix_initiatives_lower_name" in _indexes(engine)
        migrate.downgrade(empty_url, "0016")
        assert "ix_initiatives_lower_name" not in _indexes(engine)
        engine.dispose()
        columns = {c["name"] for c in inspect(make_engine(empty_url)).get_columns("initiatives")}
        assert "current_readiness" not in columns and "current_renewal_due_on" not in columns
    finally:
        engine.dispose()
