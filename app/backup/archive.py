"""The backup file: a tar.gz of the manifest, the database snapshot and evidence files."""

from __future__ import annotations

import hashlib
import io
import json
import os
import tarfile
import time
from collections.abc import Iterable
from pathlib import Path

from app.backup.rules import EVIDENCE_DIR, MANIFEST, BackupError, Manifest, check_members

CHUNK = 1 << 20


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def write(
    destination: Path, manifest: Manifest, database: Path, documents: Iterable[tuple[str, bytes]]
) -> None:
    """The archive, written beside `destination` and renamed into place when complete."""
    partial = destination.with_name(destination.name + ".partial")
    try:
        with tarfile.open(partial, "w:gz") as archive:
            _add_bytes(archive, MANIFEST, json.dumps(manifest.as_json(), indent=2).encode())
            _add_file(archive, database, manifest.database_member)
            for sha, data in documents:
                _add_bytes(archive, EVIDENCE_DIR + sha, data)
        os.chmod(partial, 0o600)
        os.replace(partial, destination)
    finally:
        partial.unlink(missing_ok=True)


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = len(data), 0o600, int(time.time())
    archive.addfile(info, io.BytesIO(data))


def _add_file(archive: tarfile.TarFile, path: Path, name: str) -> None:
    info = archive.gettarinfo(str(path), arcname=name)
    info.mode, info.uid, info.gid, info.uname, info.gname = 0o600, 0, 0, "", ""
    with path.open("rb") as file:
        archive.addfile(info, file)


def read_manifest(source: Path) -> Manifest:
    with tarfile.open(source, "r:gz") as archive:
        member = archive.extractfile(MANIFEST)
        if member is None:
            raise BackupError("The backup has no manifest.")
        manifest = Manifest.from_json(json.load(member))
    check_members(manifest)
    return manifest


def extract(source: Path, manifest: Manifest, into: Path) -> None:
    """Every member the manifest names, checked against its hash; nothing else."""
    wanted = manifest.files
    found: set[str] = set()
    with tarfile.open(source, "r:gz") as archive:
        for member in archive:
            if member.name == MANIFEST:
                continue
            if member.name not in wanted or not member.isfile():
                raise BackupError(f"The backup holds an unexpected member: {member.name!r}")
            reader = archive.extractfile(member)
            assert reader is not None
            target = into / member.name
            target.parent.mkdir(parents=True, exist_ok=True)
            digest = hashlib.sha256()
            with target.open("wb") as out:
                while chunk := reader.read(CHUNK):
                    digest.update(chunk)
                    out.write(chunk)
            if digest.hexdigest() != wanted[member.name]:
                raise BackupError(f"{member.name} is damaged (its SHA-256 does not match).")
            found.add(member.name)
    if found != set(wanted):
        raise BackupError(f"The backup lacks {sorted(set(wanted) - found)[:3]}")
