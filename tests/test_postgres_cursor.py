"""The PostgreSQL cursor whose description is built when read (app/postgres_cursor.py):
the same columns as psycopg's own, even when read after the cursor has moved on."""

from __future__ import annotations

import psycopg
import pytest
from sqlalchemy import Engine, text

from app.postgres_cursor import Columns, Cursor

pytestmark = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)

QUERY = "SELECT 1 AS n, 'a'::text AS word, now() AS at, NULL::date AS day"


def test_engines_use_it_and_sqlalchemy_reads_rows_and_names_through_it(
    committed_engine: Engine,
) -> None:
    with committed_engine.connect() as connection:
        raw = connection.connection.dbapi_connection
        assert isinstance(raw, psycopg.Connection) and raw.cursor_factory is Cursor
        result = connection.execute(text(QUERY))
        assert list(result.keys()) == ["n", "word", "at", "day"]
        row = result.one()
        assert (row.n, row.word, row.day) == (1, "a", None)


def test_its_columns_are_psycopgs_even_after_the_cursor_ran_another_statement(
    committed_engine: Engine,
) -> None:
    with committed_engine.connect() as connection:
        raw = connection.connection.dbapi_connection
        assert isinstance(raw, psycopg.Connection)
        with psycopg.Cursor(raw) as plain:
            plain.execute(QUERY)
            expected = [(c.name, c.type_code, c.display_size) for c in plain.description or ()]
        with raw.cursor() as cursor:
            cursor.execute(QUERY)
            described = cursor.description
            assert isinstance(described, Columns) and len(described) == 4
            cursor.execute("SELECT 2 AS other")  # the cursor moves on before it is read
            assert [(c.name, c.type_code, c.display_size) for c in described] == expected
            assert described[-1].name == "day" and [c.name for c in described[1:3]] == [
                "word",
                "at",
            ]
            assert described == list(described)
            cursor.execute("SET LOCAL statement_timeout = 0")  # returns no rows
            assert cursor.description is None
