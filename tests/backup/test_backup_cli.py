"""`klusterfas backup create|restore` and `audit verify` as an operator runs them."""

from __future__ import annotations

from pathlib import Path

from tests.test_cli import _run


def test_backup_then_restore_elsewhere_then_the_audit_verifies(tmp_path: Path) -> None:
    live, elsewhere = tmp_path / "live", tmp_path / "elsewhere"
    live.mkdir()
    elsewhere.mkdir()
    assert _run(live, "db", "upgrade").returncode == 0
    assert _run(live, "demo").returncode == 0
    head = _run(live, "audit", "verify").stdout.splitlines()[-1]
    assert head.startswith("head: ")

    made = _run(live, "backup", "create", str(tmp_path / "kf.tar.gz"))
    assert made.returncode == 0, made.stderr
    assert "sqlite-backup" in made.stdout and head in made.stdout.replace("audit head:", "head:")
    assert "keys: not included" in made.stdout
    again = _run(live, "backup", "create", str(tmp_path / "kf.tar.gz"))
    assert again.returncode == 1 and "exists already" in again.stderr

    # A new machine: an empty database file there, nothing else.
    restored = _run(elsewhere, "backup", "restore", str(tmp_path / "kf.tar.gz"))
    assert restored.returncode == 0, restored.stdout + restored.stderr
    assert "audit verify: ok" in restored.stdout and "as in the backup" in restored.stdout
    verified = _run(elsewhere, "audit", "verify")
    assert verified.returncode == 0 and verified.stdout.splitlines()[-1] == head
    refused = _run(elsewhere, "backup", "restore", str(tmp_path / "kf.tar.gz"))
    assert refused.returncode == 1 and "not empty" in refused.stderr
