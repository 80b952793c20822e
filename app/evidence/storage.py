"""Content-addressed storage of uploaded evidence: a data directory or the database.

In the data directory a file only takes its final name once the transaction that
records it has committed: until then it is staged beside it (written and synced),
renamed after the commit and deleted after a rollback. So a commit that fails leaves
no orphan file, and a crash between the commit and the rename leaves the staged file,
which `get` still finds by its hash.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, SessionTransaction

from app.models.evidence import EvidenceBlob

STAGED = "staged_blobs"  # session.info: [(staged path, final path)] of this transaction
STAGED_MARK = ".staged-"


class BlobMissing(LookupError):
    pass


class BlobStore:
    """Bytes by their SHA-256. With `directory`, bytes live in files named by
    their hash; without it, in the `evidence_blobs.content` column."""

    def __init__(self, directory: Path | None) -> None:
        self.directory = directory

    def _path(self, sha256: str) -> Path:
        assert self.directory is not None
        return self.directory / "evidence" / sha256[:2] / sha256

    def put(self, session: Session, data: bytes, media_type: str) -> str:
        sha256 = hashlib.sha256(data).hexdigest()
        blob = session.get(EvidenceBlob, sha256)
        in_files = self.directory is not None
        if in_files and (blob is None or blob.content is None):
            # Also heals a recorded blob whose file went missing (a restore without it).
            self._stage(session, sha256, data)
        if blob is None:
            values = {
                "sha256": sha256,
                "size_bytes": len(data),
                "media_type": media_type,
                "content": None if in_files else data,
            }
            # Two uploads of the same bytes at once: both keep the one row.
            insert = (
                postgresql.insert(EvidenceBlob)
                if session.get_bind().dialect.name == "postgresql"
                else sqlite.insert(EvidenceBlob)
            )
            session.execute(insert.values(values).on_conflict_do_nothing())
        return sha256

    def _stage(self, session: Session, sha256: str, data: bytes) -> None:
        final = self._path(sha256)
        if final.exists():
            return
        final.parent.mkdir(parents=True, exist_ok=True)
        staged = final.with_name(f"{sha256}{STAGED_MARK}{secrets.token_hex(8)}")
        with open(staged, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        session.info.setdefault(STAGED, []).append((staged, final))

    def get(self, session: Session, sha256: str) -> bytes:
        blob = session.get(EvidenceBlob, sha256)
        if blob is None:
            raise BlobMissing(sha256)
        if blob.content is not None:
            return blob.content
        if self.directory is None:
            raise BlobMissing(sha256)
        path = self._path(sha256)
        if not path.exists():
            _recover(path, sha256)
        if not path.exists():
            raise BlobMissing(sha256)
        data = path.read_bytes()
        if hashlib.sha256(data).hexdigest() != sha256:
            raise BlobMissing(f"{sha256} (the stored file no longer matches its hash)")
        return data


def _recover(path: Path, sha256: str) -> None:
    """The process stopped between a commit and its rename: the staged copy is whole
    (it was synced before the commit), so it takes the final name now."""
    for staged in sorted(path.parent.glob(f"{sha256}{STAGED_MARK}*")):
        if hashlib.sha256(staged.read_bytes()).hexdigest() == sha256:
            os.replace(staged, path)
            return


@event.listens_for(Session, "after_commit")
def _publish(session: Session) -> None:
    for staged, final in session.info.pop(STAGED, []):
        os.replace(staged, final)  # the same bytes as any file already there


@event.listens_for(Session, "after_transaction_end")
def _discard(session: Session, transaction: SessionTransaction) -> None:
    # The outermost transaction ended without a commit (a rollback, or closed): nothing
    # refers to what it staged.
    if transaction.parent is not None:
        return
    for staged, _final in session.info.pop(STAGED, []):
        with contextlib.suppress(FileNotFoundError):
            staged.unlink()
