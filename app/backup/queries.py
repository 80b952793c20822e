"""Facts of a database as one snapshot sees it: rows, schema revision, audit head, blobs.

Every function reads through the connection it is given, so facts read inside the
backup's transaction describe exactly the rows the backup holds.
"""

from __future__ import annotations

from sqlalchemy import Connection, Table, func, inspect, select, text

import app.models  # noqa: F401  (every table on Base.metadata)
from app.audit.log import HEAD_ID
from app.db import Base
from app.models.audit import AuditHead
from app.models.evidence import EvidenceBlob


def existing_tables(connection: Connection) -> list[Table]:
    """The application's tables present in this database, parents before children."""
    present = set(inspect(connection).get_table_names())
    return [table for table in Base.metadata.sorted_tables if table.name in present]


def table_counts(connection: Connection) -> dict[str, int]:
    return {
        table.name: connection.scalar(select(func.count()).select_from(table)) or 0
        for table in existing_tables(connection)
    }


def schema_revision(connection: Connection) -> str | None:
    if "alembic_version" not in inspect(connection).get_table_names():
        return None
    revision = connection.scalar(text("SELECT version_num FROM alembic_version"))
    return str(revision) if revision is not None else None


def audit_head(connection: Connection) -> tuple[int, str, str] | None:
    row = connection.execute(
        select(AuditHead.seq, AuditHead.mac, AuditHead.head_mac).where(AuditHead.id == HEAD_ID)
    ).first()
    return None if row is None else (row.seq, row.mac, row.head_mac)


def blobs_in_files(connection: Connection) -> dict[str, int]:
    """sha256 -> size of every uploaded document whose bytes live in the data directory."""
    rows = connection.execute(
        select(EvidenceBlob.sha256, EvidenceBlob.size_bytes)
        .where(EvidenceBlob.content.is_(None))
        .order_by(EvidenceBlob.sha256)
    )
    return {row.sha256: row.size_bytes for row in rows}


def blobs_in_database(connection: Connection) -> int:
    count = select(func.count()).where(EvidenceBlob.content.is_not(None))
    return connection.scalar(count) or 0


def blob_hashes(connection: Connection) -> list[str]:
    return list(connection.scalars(select(EvidenceBlob.sha256).order_by(EvidenceBlob.sha256)))
