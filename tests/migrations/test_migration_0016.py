"""Migration 0016: users gain last_login_at and invitations withdrawn_at, both empty for
the rows already there; both go on the way down."""

from __future__ import annotations

from sqlalchemy import inspect, text

from app import migrate
from app.db import make_engine


def _columns(url: str, table: str) -> set[str]:
    engine = make_engine(url)
    try:
        return {column["name"] for column in inspect(engine).get_columns(table)}
    finally:
        engine.dispose()


def test_last_login_and_withdrawal_start_empty(empty_url: str) -> None:
    migrate.upgrade(empty_url, "0015")
    engine = make_engine(empty_url)
    try:
        with engine.begin() as c:
            c.execute(
                text(
                    "INSERT INTO users (email, name, role, password_hash, session_version,"
                    " is_active, created_at, digest_opt_out)"
                    " VALUES ('a@example.se', 'A', 'admin', 'x', 1, :yes, :t, :no)"
                ),
                {"t": "2026-01-01T00:00:00+00:00", "yes": True, "no": False},
            )
        migrate.upgrade(empty_url, "0016")
        with engine.connect() as c:
            assert c.execute(text("SELECT last_login_at FROM users")).scalar_one() is None
        assert "withdrawn_at" in _columns(empty_url, "invitations")
        migrate.downgrade(empty_url, "0015")
        assert "last_login_at" not in _columns(empty_url, "users")
        assert "withdrawn_at" not in _columns(empty_url, "invitations")
    finally:
        engine.dispose()
