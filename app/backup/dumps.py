"""Database snapshots and their restore: SQLite's online backup API, pg_dump/pg_restore,
and a logical copy table by table (PostgreSQL without pg_dump, or a SQLite snapshot
restored into PostgreSQL).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Sequence
from contextlib import closing
from pathlib import Path

from sqlalchemy import Connection, Integer, Table, insert, select, text
from sqlalchemy.engine import make_url

from app import migrate
from app.backup.queries import existing_tables
from app.backup.rules import BackupError
from app.db import make_engine, normalise_url

BATCH = 1000


class ToolUnavailable(BackupError):
    """pg_dump is missing or cannot dump this server: a logical copy stands in."""


def sqlite_path(url: str) -> Path:
    database = make_url(normalise_url(url)).database
    if not database or database == ":memory:":
        raise BackupError("Back up and restore a SQLite database file, not an in-memory one.")
    return Path(database)


def sqlite_online_backup(source: Path, destination: Path) -> None:
    """The whole database as it stood at one moment, while writers carry on."""
    if not source.exists():
        raise BackupError(f"No database at {source}.")
    with (
        closing(sqlite3.connect(source, timeout=15)) as src,
        closing(sqlite3.connect(destination)) as dst,
    ):
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file


def sqlite_restore(snapshot: Path, target: Path) -> None:
    with (
        closing(sqlite3.connect(snapshot)) as src,
        closing(sqlite3.connect(target, timeout=15)) as dst,
    ):
        src.backup(dst)


def _libpq(url: str) -> tuple[str, dict[str, str]]:
    """A libpq URI without the password (that goes in the environment, not argv)."""
    parsed = make_url(normalise_url(url))
    env = {**os.environ}
    if parsed.password is not None:
        env["PGPASSWORD"] = str(parsed.password)
    uri = parsed.set(drivername="postgresql", password=None)
    return uri.render_as_string(hide_password=False), env


def _run(arguments: Sequence[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 (fixed tools, arguments from our own settings)
        list(arguments), capture_output=True, text=True, env=env, check=False, timeout=3600
    )


def pg_dump(url: str, destination: Path, *, snapshot: str) -> None:
    """pg_dump's custom format of the snapshot the caller's transaction exported."""
    binary = shutil.which("pg_dump")
    if binary is None:
        raise ToolUnavailable("pg_dump is not installed")
    uri, env = _libpq(url)
    done = _run(
        [binary, "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}",
         "--file", str(destination), "--dbname", uri],
        env,
    )  # fmt: skip
    if done.returncode != 0:
        if "version mismatch" in done.stderr:
            raise ToolUnavailable(done.stderr.strip())
        raise BackupError(f"pg_dump failed: {done.stderr.strip()}")


def pg_restore(dump: Path, url: str) -> None:
    binary = shutil.which("pg_restore")
    if binary is None:
        raise BackupError("This backup was made with pg_dump: restoring it needs pg_restore.")
    uri, env = _libpq(url)
    # --clean --if-exists: an empty database that was already migrated restores too (its
    # tables were checked to hold no rows); one transaction, so a failure leaves nothing.
    done = _run(
        [binary, "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
         "--clean", "--if-exists", "--dbname", uri, str(dump)],
        env,
    )  # fmt: skip
    if done.returncode != 0:
        raise BackupError(f"pg_restore failed: {done.stderr.strip()}")


def copy_rows(source: Connection, target: Connection, tables: Sequence[Table]) -> None:
    """Every row of `tables` (parents first), in batches, through the models' column
    types, so dates, JSON and enums read back the same on the other database."""
    for table in tables:
        rows = source.execution_options(yield_per=BATCH).execute(select(table))
        for batch in rows.partitions():
            target.execute(insert(table), [dict(row._mapping) for row in batch])
    if target.dialect.name == "postgresql":
        _advance_sequences(target, tables)


def _advance_sequences(connection: Connection, tables: Sequence[Table]) -> None:
    # Rows came with their ids: move each id sequence past them.
    quote = connection.dialect.identifier_preparer.quote
    for table in tables:
        for column in table.primary_key.columns:
            if not isinstance(column.type, Integer):
                continue
            sequence = connection.scalar(
                text("SELECT pg_get_serial_sequence(:table, :column)"),
                {"table": table.name, "column": column.name},
            )
            if sequence:
                connection.execute(
                    text(
                        f"SELECT setval(:sequence, (SELECT COALESCE(MAX({quote(column.name)}), 0)"  # noqa: S608
                        f" + 1 FROM {quote(table.name)}), false)"
                    ),
                    {"sequence": sequence},
                )


def logical_snapshot(source: Connection, destination: Path) -> None:
    """Copy the source's rows, as its transaction sees them, into a new SQLite file with
    the same schema (the source must be at this code's head revision)."""
    url = f"sqlite:///{destination}"
    migrate.upgrade(url)
    engine = make_engine(url)
    try:
        with engine.begin() as target:
            copy_rows(source, target, existing_tables(target))
    finally:
        engine.dispose()
    with closing(sqlite3.connect(destination)) as snapshot:
        snapshot.execute("PRAGMA journal_mode=DELETE")


def logical_restore(snapshot: Path, target_url: str) -> None:
    """A SQLite snapshot's rows into an empty database of any kind, migrated to head."""
    migrate.upgrade(target_url)
    source_engine = make_engine(f"sqlite:///{snapshot}")
    target_engine = make_engine(target_url)
    try:
        with source_engine.connect() as source, target_engine.begin() as target:
            copy_rows(source, target, existing_tables(source))
    finally:
        source_engine.dispose()
        target_engine.dispose()
