"""Alembic environment: batch mode on SQLite, foreign keys off while migrating."""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import Connection

import app.models  # noqa: F401  (registers the tables on Base.metadata)
from app.config import DEFAULT_DATABASE_URL
from app.db import Base, make_engine, normalise_url

config = context.config
target_metadata = Base.metadata


def _url() -> str:
    return normalise_url(
        config.attributes.get("database_url")
        or os.environ.get("KLUSTERFAS_DATABASE_URL", DEFAULT_DATABASE_URL)
    )


def _configure(**kwargs: object) -> None:
    context.configure(
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite can only ALTER by copying tables
        compare_type=True,
        **kwargs,  # type: ignore[arg-type]
    )


def run_migrations_offline() -> None:
    _configure(url=_url(), literal_binds=True, dialect_opts={"paramstyle": "named"})
    with context.begin_transaction():
        context.run_migrations()


def _run(connection: Connection) -> None:
    if connection.dialect.name == "sqlite":
        # A batch copy of a parent table would otherwise fire ON DELETE CASCADE
        # and empty its children. The PRAGMA only takes effect outside a
        # transaction, so it goes to the driver directly: through SQLAlchemy it
        # would run inside the BEGIN that app.db issues first, and be ignored.
        connection.commit()
        connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")  # type: ignore[union-attr]
    _configure(connection=connection)
    with context.begin_transaction():
        context.run_migrations()
    if connection.dialect.name == "sqlite":
        connection.commit()
        connection.connection.driver_connection.execute("PRAGMA foreign_keys=ON")  # type: ignore[union-attr]


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(_url())
    try:
        with engine.connect() as connection:
            _run(connection)
            connection.commit()
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
