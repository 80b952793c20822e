"""What a backup file holds and how its manifest reads (pure).

A backup is a tar.gz archive:
  manifest.json           format, time, database method, schema revision, audit head,
                          rows per table, evidence files, and each member's SHA-256
  database/<file>         the snapshot: a SQLite database (the online backup API, or
                          PostgreSQL copied table by table), or a pg_dump archive
  evidence/<sha256>       every uploaded document stored in the data directory
Never the keys: the session secret and the audit key are kept apart from backups.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

FORMAT = "klusterfas-backup/1"
MANIFEST = "manifest.json"
EVIDENCE_DIR = "evidence/"

SQLITE_BACKUP = "sqlite-backup"  # SQLite's online backup API: the file as it stood
PG_DUMP = "pg_dump"  # pg_dump -Fc on a snapshot exported by the backup's transaction
LOGICAL = "logical"  # PostgreSQL copied table by table into SQLite, in one snapshot
METHODS = {SQLITE_BACKUP: "database/klusterfas.sqlite", PG_DUMP: "database/klusterfas.pgdump"}
METHODS[LOGICAL] = METHODS[SQLITE_BACKUP]

SHA256 = re.compile(r"[0-9a-f]{64}")
KEYS_NOTE = (
    "No keys are in this file. Restore with the same KLUSTERFAS_AUDIT_KEY (or the audit "
    "chain will not verify) and KLUSTERFAS_SECRET_KEY (or everyone logs in again)."
)


class BackupError(Exception):
    """A backup that cannot be made or restored; the message says why."""


@dataclass(frozen=True)
class AuditHeadFacts:
    seq: int
    mac: str
    head_mac: str
    verified: bool | None = None  # None: not checked (no audit key at hand)


@dataclass
class Manifest:
    created_at: str
    dialect: str
    method: str
    schema_revision: str | None
    counts: dict[str, int]
    audit_head: AuditHeadFacts | None
    evidence_files: dict[str, int]  # sha256 -> size, the documents kept outside the database
    blobs_in_database: int
    files: dict[str, str] = field(default_factory=dict)  # archive member -> SHA-256
    format: str = FORMAT
    keys: str = KEYS_NOTE

    @property
    def database_member(self) -> str:
        return METHODS[self.method]

    def as_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: Any) -> Manifest:
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise BackupError(f"Not a Klusterfas backup (expected format {FORMAT}).")
        try:
            head = data["audit_head"]
            manifest = cls(
                created_at=str(data["created_at"]),
                dialect=str(data["dialect"]),
                method=str(data["method"]),
                schema_revision=data["schema_revision"],
                counts={str(k): int(v) for k, v in data["counts"].items()},
                audit_head=AuditHeadFacts(**head) if head is not None else None,
                evidence_files={str(k): int(v) for k, v in data["evidence_files"].items()},
                blobs_in_database=int(data["blobs_in_database"]),
                files={str(k): str(v) for k, v in data["files"].items()},
            )
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise BackupError(f"The backup's manifest is damaged: {error!r}") from error
        if manifest.method not in METHODS:
            raise BackupError(f"Unknown backup method {manifest.method!r}.")
        bad = [sha for sha in manifest.evidence_files if not SHA256.fullmatch(sha)]
        if bad:
            raise BackupError(f"The manifest names evidence files that are no hash: {bad[:3]}")
        return manifest

    def expected_members(self) -> set[str]:
        return {self.database_member} | {EVIDENCE_DIR + sha for sha in self.evidence_files}


def check_members(manifest: Manifest) -> None:
    """The manifest must list a hash for every member it names, and no other member."""
    expected = manifest.expected_members()
    if set(manifest.files) != expected:
        missing = sorted(expected - set(manifest.files))[:3]
        extra = sorted(set(manifest.files) - expected)[:3]
        raise BackupError(f"The manifest does not match its members (missing {missing}, {extra})")


def restorable_into(manifest: Manifest, dialect: str) -> None:
    """A pg_dump archive restores into PostgreSQL only; a SQLite snapshot into either."""
    if manifest.method == PG_DUMP and dialect != "postgresql":
        raise BackupError("This backup was made with pg_dump: restore it into PostgreSQL.")


def empty_or_refuse(counts: dict[str, int]) -> None:
    filled = {table: rows for table, rows in sorted(counts.items()) if rows}
    if filled:
        listed = ", ".join(f"{table} ({rows})" for table, rows in list(filled.items())[:5])
        raise BackupError(
            f"The target database is not empty: {listed}. Restore only into an empty one."
        )
