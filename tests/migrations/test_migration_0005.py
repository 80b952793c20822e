"""Migration 0005 adds columns to item_states and users: existing rows survive, both ways."""

from __future__ import annotations

from sqlalchemy import text

from app import migrate
from app.db import make_engine


def _counts(url: str) -> tuple[int, int, int]:
    engine = make_engine(url)
    try:
        with engine.connect() as c:
            return (
                c.execute(text("SELECT count(*) FROM users")).scalar_one(),
                c.execute(text("SELECT count(*) FROM initiatives")).scalar_one(),
                c.execute(
                    text("SELECT count(*) FROM item_states WHERE status = 'done'")
                ).scalar_one(),
            )
    finally:
        engine.dispose()


def test_rows_seeded_before_0005_survive_upgrade_and_downgrade(empty_url: str) -> None:
    migrate.upgrade(empty_url, "0004")
    engine = make_engine(empty_url)
    with engine.begin() as c:
        c.execute(
            text(
                "INSERT INTO users (id, email, name, role, password_hash, session_version,"
                " is_active, created_at)"
                " VALUES (1, 'a@example.se', 'A', 'support', 'x', 1, true, CURRENT_TIMESTAMP)"
            )
        )
        c.execute(
            text(
                "INSERT INTO initiatives (id, name, region, phase, model_version, phase_entered_at,"
                " created_at, updated_at) VALUES (1, 'N', 'R', 'pilot', 'klusterutveckling/1',"
                " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
            )
        )
        c.execute(
            text(
                "INSERT INTO item_states (initiative_id, item_key, status, note, updated_by_id)"
                " VALUES (1, 'pilot.results.a', 'done', 'kept', 1),"
                " (1, 'pilot.results.b', 'open', NULL, 1)"
            )
        )
    engine.dispose()
    assert _counts(empty_url) == (1, 1, 1)
    migrate.upgrade(empty_url)
    assert _counts(empty_url) == (1, 1, 1)
    engine = make_engine(empty_url)
    try:
        with engine.connect() as c:
            assert c.execute(text("SELECT digest_opt_out FROM users")).scalar_one() in (False, 0)
            assert (
                c.execute(
                    text("SELECT count(*) FROM item_states WHERE target_date IS NULL")
                ).scalar_one()
                == 2
            )
            assert (
                c.execute(text("SELECT note FROM item_states WHERE status = 'done'")).scalar_one()
                == "kept"
            )
    finally:
        engine.dispose()
    migrate.downgrade(empty_url, "0004")
    assert _counts(empty_url) == (1, 1, 1)
