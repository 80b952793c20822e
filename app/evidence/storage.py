"""Content-addressed storage of uploaded evidence: a data directory or the database."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from sqlalchemy.orm import Session

from app.models.evidence import EvidenceBlob


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
        if session.get(EvidenceBlob, sha256) is None:
            content: bytes | None = data
            if self.directory is not None:
                self._write(sha256, data)
                content = None
            session.add(
                EvidenceBlob(
                    sha256=sha256, size_bytes=len(data), media_type=media_type, content=content
                )
            )
            session.flush()  # before the evidence row that refers to it
        return sha256

    def _write(self, sha256: str, data: bytes) -> None:
        path = self._path(sha256)
        if path.exists():
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        # Write then rename, so a reader never sees half a file.
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as tmp:
            tmp.write(data)
            tmp.flush()
            os.fsync(tmp.fileno())
        os.replace(tmp.name, path)

    def get(self, session: Session, sha256: str) -> bytes:
        blob = session.get(EvidenceBlob, sha256)
        if blob is None:
            raise BlobMissing(sha256)
        if blob.content is not None:
            return blob.content
        if self.directory is None or not self._path(sha256).exists():
            raise BlobMissing(sha256)
        data = self._path(sha256).read_bytes()
        if hashlib.sha256(data).hexdigest() != sha256:
            raise BlobMissing(f"{sha256} (the stored file no longer matches its hash)")
        return data
