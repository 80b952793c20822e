"""Migration 0008: tokens made before it get an expiry and keep working; the audit head
and the token rows survive both ways."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import inspect, text

from app import migrate
from app.accounts import queries as account_queries
from app.accounts.passwords import token_digest
from app.db import make_engine, make_sessionmaker
from tests.conftest import AUDIT_KEY


def test_tokens_from_before_get_the_default_lifetime_and_survive_a_round_trip(
    empty_url: str,
) -> None:
    migrate.upgrade(empty_url, "0007")
    engine = make_engine(empty_url)
    try:
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
                    "INSERT INTO api_tokens (user_id, token_hash, label, created_at)"
                    " VALUES (1, :digest, 'old', CURRENT_TIMESTAMP)"
                ),
                {"digest": token_digest("kf_old")},
            )
            c.execute(
                text("INSERT INTO audit_head (id, seq, mac, head_mac) VALUES (1, 0, :zero, :zero)"),
                {"zero": "0" * 64},
            )
        migrate.upgrade(empty_url)
        with make_sessionmaker(engine, audit_key=AUDIT_KEY)() as session:
            row = account_queries.live_token(session, "kf_old")
            assert row is not None and row.label == "old"
            left = row.expires_at - datetime.now(UTC)
            assert timedelta(days=89) < left <= timedelta(days=90)
        with engine.connect() as c:
            head = c.execute(text("SELECT seq, key_fingerprint FROM audit_head")).one()
            assert tuple(head) == (0, None)
        assert "login_failures" in inspect(engine).get_table_names()

        migrate.downgrade(empty_url, "0007")
        with engine.connect() as c:
            assert c.execute(text("SELECT label FROM api_tokens")).scalar_one() == "old"
            assert c.execute(text("SELECT count(*) FROM audit_head")).scalar_one() == 1
        columns = {column["name"] for column in inspect(engine).get_columns("api_tokens")}
        assert "expires_at" not in columns
        assert "login_failures" not in inspect(engine).get_table_names()
    finally:
        engine.dispose()
