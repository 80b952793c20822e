"""Backup and restore round trips on SQLite and PostgreSQL: the demo portfolio and
uploaded documents come back whole, the audit chain verifies and ends where it did,
and every document downloads again through the application."""

from __future__ import annotations

import hashlib
import io
import tarfile
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from app import migrate
from app.accounts import services as accounts
from app.backup import dumps
from app.backup import services as backup
from app.backup.rules import LOGICAL, PG_DUMP, SQLITE_BACKUP, BackupError
from app.backup.summary import describe_restore
from app.config import Settings
from app.db import make_engine, make_sessionmaker
from app.domain.permissions import Role
from app.models.evidence import Evidence
from app.web.application import create_app
from tests.backup.helpers import DOCUMENTS, Installation, populate, settings_for
from tests.conftest import AUDIT_KEY, empty_database

# `database_url` names the kind of database, so that --db picks these tests as it does others.
KINDS = ["sqlite", "postgresql"]


@pytest.fixture
def databases(
    database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, str]]:
    """Two new, empty databases of the kind: the source and the restore's target."""
    with (
        empty_database(database_url, tmp_path_factory) as source,
        empty_database(database_url, tmp_path_factory) as target,
    ):
        migrate.upgrade(source)
        yield source, target


def _downloads(settings: Settings) -> dict[str, int]:
    """Every uploaded document, downloaded over HTTP as the demo admin: sha256 -> size."""
    engine = make_engine(settings.database_url)
    try:
        sessions = make_sessionmaker(engine, audit_key=AUDIT_KEY)
        with sessions() as session:
            token = accounts.create_token(session, email="admin@klusterfas.demo")
            pieces = session.scalars(select(Evidence).where(Evidence.file_sha256.is_not(None)))
            ids = [(piece.id, piece.file_sha256) for piece in pieces]
        got: dict[str, int] = {}
        with TestClient(create_app(settings, sessions=sessions)) as client:
            for evidence_id, sha in ids:
                response = client.get(
                    f"/evidence/{evidence_id}/download",
                    headers={"Authorization": f"Bearer {token}"},
                )
                assert response.status_code == 200, response.text
                assert hashlib.sha256(response.content).hexdigest() == sha
                got[str(sha)] = len(response.content)
        return got
    finally:
        engine.dispose()


def _round_trip(
    source: Installation, target: Settings, file: Path, *, logical: bool = False
) -> str:
    counts, head = source.counts(), source.head()
    made = backup.create_backup(source.settings, file, logical=logical)
    manifest = made.manifest
    assert manifest.counts == counts
    assert manifest.audit_head is not None and manifest.audit_head.verified is True
    assert head is not None and (manifest.audit_head.seq, manifest.audit_head.mac) == head[:2]
    assert manifest.evidence_files == source.documents and len(source.documents) == DOCUMENTS
    with tarfile.open(file, "r:gz") as archive:  # never the keys
        for member in archive:
            data = archive.extractfile(member)
            content = data.read() if data is not None else b""
            assert AUDIT_KEY.encode() not in content
            assert source.settings.secret_key.encode() not in content

    started = time.monotonic()
    restored = backup.restore_backup(target, file)
    seconds = time.monotonic() - started
    assert restored.audit.ok and restored.audit.entries == head[0]
    assert restored.head_matches and restored.downloads_missing == []
    assert restored.downloads_ok == DOCUMENTS and restored.ok
    assert {t: n for t, n in restored.counts.items() if t in counts} == counts
    assert _downloads(target) == source.documents
    figures = (
        f"{manifest.dialect} {manifest.method}: {made.rows} rows, {DOCUMENTS} documents "
        f"({sum(source.documents.values())} bytes), backup file {made.size_bytes} bytes, "
        f"backup {made.seconds:.2f} s, restore {seconds:.2f} s"
    )
    print(f"\nround trip: {figures}")
    return manifest.method


@pytest.mark.parametrize("database_url", KINDS)
def test_a_backup_restores_into_an_empty_database_whole(
    databases: tuple[str, str], tmp_path: Path
) -> None:
    source_url, target_url = databases
    source = populate(source_url, tmp_path / "data")
    try:
        target = settings_for(target_url, tmp_path / "restored-data")
        method = _round_trip(source, target, tmp_path / "backup.tar.gz")
        assert method == (SQLITE_BACKUP if source_url.startswith("sqlite") else PG_DUMP)
        # Only into an empty database: the same backup again is refused, nothing changes.
        with pytest.raises(BackupError, match="not empty"):
            backup.restore_backup(target, tmp_path / "backup.tar.gz")
    finally:
        source.engine.dispose()


@pytest.mark.parametrize("database_url", ["postgresql"])
def test_postgresql_without_pg_dump_is_copied_table_by_table_into_a_database_store(
    databases: tuple[str, str], tmp_path: Path
) -> None:
    source_url, target_url = databases
    source = populate(source_url, tmp_path / "data")
    try:
        # The documents go into the database this time (KLUSTERFAS_EVIDENCE_STORE=database).
        target = settings_for(target_url, tmp_path / "unused", store="database")
        assert _round_trip(source, target, tmp_path / "b.tar.gz", logical=True) == LOGICAL
        assert not (tmp_path / "unused").exists()
    finally:
        source.engine.dispose()


@pytest.mark.parametrize("database_url", ["sqlite"])
def test_a_damaged_or_foreign_backup_is_refused_before_anything_is_written(
    databases: tuple[str, str], tmp_path: Path
) -> None:
    source_url, target_url = databases
    source = populate(source_url, tmp_path / "data", demo=False)
    try:
        good = tmp_path / "good.tar.gz"
        backup.create_backup(source.settings, good)
        with pytest.raises(BackupError, match="exists already"):
            backup.create_backup(source.settings, good)
    finally:
        source.engine.dispose()
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(good, "r:gz") as original, tarfile.open(damaged, "w:gz") as copy:
        for member in original:
            reader = original.extractfile(member)
            assert reader is not None
            data = reader.read()
            if member.name.startswith("evidence/"):
                data = data[:-1] + bytes([data[-1] ^ 1])
            copy.addfile(member, io.BytesIO(data))
    target = settings_for(target_url, tmp_path / "restored")
    with pytest.raises(BackupError, match="damaged"):
        backup.restore_backup(target, damaged)
    with pytest.raises(BackupError, match="Not a Klusterfas backup"):
        backup.restore_backup(target, _tar_of(tmp_path, "manifest.json", b'{"format": "x"}'))
    restored = backup.restore_backup(target, good)  # the good one still restores
    assert restored.ok


@pytest.mark.parametrize("database_url", ["postgresql"])
@pytest.mark.parametrize("logical", [False, True], ids=["pg_dump", "logical"])
def test_writes_during_a_postgresql_backup_are_not_half_in_it(
    databases: tuple[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, logical: bool
) -> None:
    """The manifest's facts and the dump come from one snapshot: a user added (and
    audited) after the facts were read but before the dump is in neither."""
    source_url, target_url = databases
    source = populate(source_url, tmp_path / "data", demo=False)
    sessions = make_sessionmaker(source.engine, audit_key=AUDIT_KEY)

    def write_first(dump: Callable[..., None]) -> Callable[..., None]:
        def dump_after_a_write(*args: object, **kwargs: object) -> None:
            with sessions() as session:
                accounts.add_user(
                    session,
                    email="late@example.se",
                    name="Late",
                    role=Role.SUPPORT,
                    password="a long enough password",
                )
            dump(*args, **kwargs)

        return dump_after_a_write

    for name in ("pg_dump", "logical_snapshot"):
        monkeypatch.setattr(dumps, name, write_first(getattr(dumps, name)))
    try:
        before = source.counts()
        made = backup.create_backup(source.settings, tmp_path / "b.tar.gz", logical=logical)
        assert source.counts()["users"] == before["users"] + 1  # the write did commit
    finally:
        source.engine.dispose()
    assert made.manifest.counts == before
    restored = backup.restore_backup(settings_for(target_url, tmp_path / "r"), made.path)
    assert restored.ok and restored.counts["users"] == before["users"]


def _tar_of(folder: Path, name: str, data: bytes) -> Path:
    path = folder / "foreign.tar.gz"
    with tarfile.open(path, "w:gz") as archive:
        info = tarfile.TarInfo(name)
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
    return path


@pytest.mark.parametrize("database_url", ["postgresql"])
def test_a_sqlite_backup_moves_into_postgresql(
    database_url: str, tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    with (
        empty_database("sqlite", tmp_path_factory) as source_url,
        empty_database("postgresql", tmp_path_factory) as target_url,
    ):
        migrate.upgrade(source_url)
        source = populate(source_url, tmp_path / "data", demo=False)
        try:
            target = settings_for(target_url, tmp_path / "restored")
            assert _round_trip(source, target, tmp_path / "b.tar.gz") == SQLITE_BACKUP
        finally:
            source.engine.dispose()
        # The ids went on from where the backup's ended: the next row gets a new one.
        engine = make_engine(target_url)
        try:
            with make_sessionmaker(engine, audit_key=AUDIT_KEY)() as session:
                added = accounts.add_user(
                    session, email="ny@example.se", name="Ny", role=Role.FUNDER,
                    password="a long enough password",
                )  # fmt: skip
                assert added.id > 1
        finally:
            engine.dispose()


@pytest.mark.parametrize("database_url", ["sqlite"])
def test_a_restore_with_another_audit_key_says_so(
    databases: tuple[str, str], tmp_path: Path
) -> None:
    source_url, target_url = databases
    source = populate(source_url, tmp_path / "data", demo=False)
    try:
        made = backup.create_backup(source.settings, tmp_path / "b.tar.gz")
    finally:
        source.engine.dispose()
    target = replace(settings_for(target_url, tmp_path / "r"), audit_key="not the same key")
    restored = backup.restore_backup(target, made.path)
    assert restored.wrong_key and not restored.ok
    assert restored.downloads_ok == DOCUMENTS  # the data is all there; only the key is not
    assert "wrong audit key" in describe_restore(restored)
