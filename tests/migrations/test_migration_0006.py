"""Migration 0006 adds the grant tables: existing rows survive, and grants go both ways."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from app import migrate
from app.db import make_engine

TABLES = {"funding_organisations", "grants", "grant_phases", "grant_reporting_dates"}


def _tables(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def _count(url: str, table: str) -> int:
    engine = make_engine(url)
    try:
        with engine.connect() as c:
            return int(c.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())
    finally:
        engine.dispose()


def test_0006_adds_the_grant_tables_and_keeps_what_was_there(empty_url: str) -> None:
    migrate.upgrade(empty_url, "0005")
    engine = make_engine(empty_url)
    with engine.begin() as c:
        c.execute(
            text(
                "INSERT INTO users (id, email, name, role, password_hash, session_version,"
                " is_active, created_at)"
                " VALUES (1, 'a@example.se', 'A', 'admin', 'x', 1, true, CURRENT_TIMESTAMP)"
            )
        )
        c.execute(
            text(
                "INSERT INTO initiatives (id, name, region, phase, model_version, phase_entered_at,"
                " created_at, updated_at) VALUES (1, 'N', 'R', 'pilot', 'klusterutveckling/1',"
                " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
            )
        )
    engine.dispose()
    assert not TABLES & _tables(empty_url)
    migrate.upgrade(empty_url, "0006")
    assert _tables(empty_url) >= TABLES
    assert (_count(empty_url, "users"), _count(empty_url, "initiatives")) == (1, 1)
    engine = make_engine(empty_url)
    with engine.begin() as c:
        c.execute(
            text(
                "INSERT INTO funding_organisations (id, name, created_at, created_by_id)"
                " VALUES (1, 'Vinnova', CURRENT_TIMESTAMP, 1)"
            )
        )
        c.execute(
            text(
                "INSERT INTO grants (id, initiative_id, funding_organisation_id, amount_sek,"
                " cofinancing_sek, cofinancing_cash_sek, cofinancing_in_kind_sek, starts_on,"
                " ends_on, created_at) VALUES (1, 1, 1, 9000000000, 5, 2, 3, '2026-01-01',"
                " '2026-12-31', CURRENT_TIMESTAMP)"
            )
        )
        c.execute(text("INSERT INTO grant_phases VALUES (1, 'pilot', 2)"))
        c.execute(text("INSERT INTO grant_reporting_dates VALUES (1, '2026-06-30')"))
        assert c.execute(text("SELECT amount_sek FROM grants")).scalar_one() == 9_000_000_000
    # The database refuses what the rules refuse, whoever writes.
    for amount, total, cash, in_kind, ends in (
        (0, 0, None, None, "2026-12-31"),  # nothing granted
        (5, 0, None, None, "2025-12-31"),  # ends before it starts
        (5, 10, 4, 5, "2026-12-31"),  # the parts do not add up
        (5, -1, None, None, "2026-12-31"),  # negative co-financing
    ):
        with pytest.raises(IntegrityError), engine.begin() as c:
            c.execute(
                text(
                    "INSERT INTO grants (initiative_id, funding_organisation_id, amount_sek,"
                    " cofinancing_sek, cofinancing_cash_sek, cofinancing_in_kind_sek,"
                    " starts_on, ends_on, created_at) VALUES (1, 1, :amount, :total, :cash,"
                    " :in_kind, '2026-01-01', :ends, CURRENT_TIMESTAMP)"
                ),
                {"amount": amount, "total": total, "cash": cash, "in_kind": in_kind, "ends": ends},
            )
    engine.dispose()
    migrate.downgrade(empty_url, "0005")
    assert not TABLES & _tables(empty_url)
    assert (_count(empty_url, "users"), _count(empty_url, "initiatives")) == (1, 1)
