"""`klusterfas backup create FILE` and `klusterfas backup restore FILE`.

Both work on the whole database below the ORM's unit of work: a snapshot is read in one
transaction (SQLite's backup API, or PostgreSQL's REPEATABLE READ with an exported
snapshot that pg_dump shares), and a restore fills an empty database in one
transaction (pg_restore --single-transaction, one copy transaction) or by SQLite's
backup API. Neither appends to the audit log: a restored log is the backed-up log.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from alembic.script import ScriptDirectory
from sqlalchemy import Connection, create_engine, text
from sqlalchemy.orm import Session

from app import migrate
from app.audit import log as audit_log
from app.backup import archive, dumps, queries
from app.backup.rules import (
    EVIDENCE_DIR,
    LOGICAL,
    PG_DUMP,
    SQLITE_BACKUP,
    AuditHeadFacts,
    BackupError,
    Manifest,
    empty_or_refuse,
    restorable_into,
)
from app.config import Settings
from app.db import make_engine, make_sessionmaker
from app.evidence.storage import BlobMissing, BlobStore
from app.models.evidence import EvidenceBlob
from app.uow import unit_of_work


def head_revision() -> str | None:
    return ScriptDirectory.from_config(migrate.alembic_config("")).get_current_head()


@dataclass(frozen=True)
class BackupReport:
    path: Path
    manifest: Manifest
    size_bytes: int
    seconds: float
    note: str = ""

    @property
    def rows(self) -> int:
        return sum(self.manifest.counts.values())


def _facts(connection: Connection, settings: Settings, **fields: Any) -> Manifest:
    head = queries.audit_head(connection)
    verified = None
    if head is not None and settings.audit_key:
        with Session(bind=connection, info={"audit_key": settings.audit_key}) as session:
            try:
                verified = audit_log.verify(session).ok
            except audit_log.WrongAuditKey:
                verified = False  # backed up all the same; describe_backup warns
    return Manifest(
        created_at=datetime.now(UTC).isoformat(),
        schema_revision=queries.schema_revision(connection),
        counts=queries.table_counts(connection),
        audit_head=AuditHeadFacts(*head, verified=verified) if head else None,
        evidence_files=queries.blobs_in_files(connection),
        blobs_in_database=queries.blobs_in_database(connection),
        **fields,
    )


def _snapshot(settings: Settings, destination: Path, *, logical: bool) -> tuple[Manifest, str]:
    """The database at one moment into `destination`, and the facts of that moment."""
    url = settings.database_url
    engine = make_engine(url)
    if engine.dialect.name == "sqlite":
        engine.dispose()
        dumps.sqlite_online_backup(dumps.sqlite_path(url), destination)
        reader = create_engine(f"sqlite:///{destination}")  # plain: the file stays as it is
        try:
            with reader.connect() as connection:
                return _facts(connection, settings, dialect="sqlite", method=SQLITE_BACKUP), ""
        finally:
            reader.dispose()
    note = ""
    try:
        snapshot = engine.connect().execution_options(isolation_level="REPEATABLE READ")
        with snapshot as connection, connection.begin():
            manifest = _facts(connection, settings, dialect="postgresql", method=PG_DUMP)
            exported = connection.scalar(text("SELECT pg_export_snapshot()"))
            try:
                if logical:
                    raise dumps.ToolUnavailable("a logical copy was asked for")
                dumps.pg_dump(url, destination, snapshot=str(exported))
            except dumps.ToolUnavailable as why:
                if manifest.schema_revision != head_revision():
                    raise BackupError(
                        f"{why}; a logical copy needs the database at revision "
                        f"{head_revision()} (run `klusterfas db upgrade`)."
                    ) from why
                note = f"copied table by table ({why})"
                manifest.method = LOGICAL
                dumps.logical_snapshot(connection, destination)
    finally:
        engine.dispose()
    return manifest, note


def create_backup(settings: Settings, destination: Path, *, logical: bool = False) -> BackupReport:
    started = time.monotonic()
    if destination.exists():
        raise BackupError(f"{destination} exists already: name a new file.")
    with tempfile.TemporaryDirectory(prefix="klusterfas-backup-") as work:
        database = Path(work) / "database"
        manifest, note = _snapshot(settings, database, logical=logical)
        manifest.files[manifest.database_member] = archive.sha256_of(database)
        # Content-addressed: each document's member hash is its name.
        manifest.files.update({EVIDENCE_DIR + sha: sha for sha in manifest.evidence_files})
        archive.write(destination, manifest, database, _documents(settings, manifest))
    seconds = time.monotonic() - started
    return BackupReport(destination, manifest, destination.stat().st_size, seconds, note)


def _documents(settings: Settings, manifest: Manifest) -> Iterator[tuple[str, bytes]]:
    """Each document the snapshot lists, read (and hash-checked) by the evidence store.
    Blobs are never deleted, so the live database still has every row the snapshot had."""
    store = BlobStore(settings.data_dir)
    engine = make_engine(settings.database_url)
    try:
        with Session(engine) as session:
            for sha in manifest.evidence_files:
                try:
                    yield sha, store.get(session, sha)
                except BlobMissing as missing:
                    raise BackupError(
                        f"An evidence file is missing or damaged under {settings.data_dir} "
                        f"(KLUSTERFAS_DATA_DIR): {missing}. Nothing was written."
                    ) from missing
    finally:
        engine.dispose()


@dataclass(frozen=True)
class RestoreReport:
    manifest: Manifest
    counts: dict[str, int]
    evidence_written: int
    audit: audit_log.Verification
    head_matches: bool
    downloads_ok: int
    downloads_missing: list[str]
    seconds: float
    wrong_key: bool = False  # KLUSTERFAS_AUDIT_KEY is not the restored chain's

    @property
    def ok(self) -> bool:
        expected = self.manifest.counts
        counts_match = all(self.counts.get(table) == rows for table, rows in expected.items())
        return self.audit.ok and self.head_matches and not self.downloads_missing and counts_match


def restore_backup(settings: Settings, source: Path) -> RestoreReport:
    started = time.monotonic()
    manifest = archive.read_manifest(source)
    url = settings.database_url
    engine = make_engine(url)
    try:
        dialect = engine.dialect.name
        restorable_into(manifest, dialect)
        with engine.connect() as connection:
            empty_or_refuse(queries.table_counts(connection))
    finally:
        engine.dispose()
    cross = manifest.dialect != dialect or manifest.method == LOGICAL
    if cross and dialect != "sqlite" and manifest.schema_revision != head_revision():
        raise BackupError(
            f"The backup is at schema revision {manifest.schema_revision}; copying it into "
            f"{dialect} needs this version of Klusterfas to be at it ({head_revision()})."
        )
    with tempfile.TemporaryDirectory(prefix="klusterfas-restore-") as work:
        folder = Path(work)
        archive.extract(source, manifest, folder)
        database = folder / manifest.database_member
        if manifest.method == PG_DUMP:
            dumps.pg_restore(database, url)
        elif dialect == "sqlite":
            dumps.sqlite_restore(database, dumps.sqlite_path(url))
        else:
            dumps.logical_restore(database, url)
        migrate.upgrade(url)  # an older backup comes up to this version's schema
        written = _restore_evidence(settings, folder, manifest)
    return _check(settings, manifest, written, time.monotonic() - started)


def _restore_evidence(settings: Settings, folder: Path, manifest: Manifest) -> int:
    """The documents where this installation keeps them: the data directory, or the
    database (KLUSTERFAS_EVIDENCE_STORE), whichever the backup came from."""
    store = BlobStore(settings.data_dir if settings.evidence_store == "files" else None)
    engine = make_engine(settings.database_url)
    try:
        with make_sessionmaker(engine, audit_key=settings.audit_key)() as session:
            for sha in manifest.evidence_files:
                data = (folder / EVIDENCE_DIR / sha).read_bytes()
                restore_document(session, store=store, sha256=sha, data=data)
    finally:
        engine.dispose()
    return len(manifest.evidence_files)


@unit_of_work
def restore_document(session: Session, *, store: BlobStore, sha256: str, data: bytes) -> None:
    """Put a recorded document's bytes back: into the data directory (the store writes
    the file of a row it already has), or into the row itself."""
    blob = session.get(EvidenceBlob, sha256)
    if blob is None:
        raise BackupError(f"The restored database has no evidence blob {sha256}.")
    if store.directory is not None:
        store.put(session, data, blob.media_type)
    elif blob.content is None:
        blob.content = data


def _check(settings: Settings, manifest: Manifest, written: int, seconds: float) -> RestoreReport:
    """What a restore must show: the chain verifies and ends where the backup's did, the
    rows are all there, and every document downloads."""
    engine = make_engine(settings.database_url)
    store = BlobStore(settings.data_dir if settings.evidence_store == "files" else None)
    try:
        with make_sessionmaker(engine, audit_key=settings.audit_key)() as session:
            try:
                verification, wrong_key = audit_log.verify(session), False
            except audit_log.WrongAuditKey as error:
                verification, wrong_key = audit_log.Verification(False, 0, None, str(error)), True
            head = queries.audit_head(session.connection())
            was = manifest.audit_head
            matches = (head[:2] if head else None) == ((was.seq, was.mac) if was else None)
            missing = []
            shas = queries.blob_hashes(session.connection())
            for sha in shas:
                try:
                    store.get(session, sha)
                except BlobMissing:
                    missing.append(sha)
            counts = queries.table_counts(session.connection())
    finally:
        engine.dispose()
    return RestoreReport(
        manifest, counts, written, verification, matches, len(shas) - len(missing), missing,
        seconds, wrong_key,
    )  # fmt: skip
