"""The console script and the audit key, as a real process: it never makes a key that
cannot continue the chain, and "wrong audit key" (exit 2) is not "broken" (exit 1)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

PASSWORD = "ett långt lösenord"


def _run(
    cwd: Path, db: Path, *args: str, stdin: str = "", **env: str
) -> subprocess.CompletedProcess[str]:
    script = shutil.which("klusterfas", path=str(Path(sys.executable).parent))
    command = [script] if script else [sys.executable, "-m", "app.cli"]
    base = {k: v for k, v in os.environ.items() if not k.startswith("KLUSTERFAS_AUDIT_KEY")}
    environment = {
        **base,
        "KLUSTERFAS_DATABASE_URL": f"sqlite:///{db}",
        "KLUSTERFAS_SECRET_KEY": "k",
        **env,
    }
    return subprocess.run(
        [*command, *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=environment,
        cwd=cwd,
        timeout=120,
        check=False,
    )


def _add(cwd: Path, db: Path, email: str, **env: str) -> subprocess.CompletedProcess[str]:
    return _run(
        cwd, db, "users", "add", "--email", email, "--name", "N", "--role", "funder",
        "--password-stdin", stdin=PASSWORD + "\n", **env,
    )  # fmt: skip


def _users(db: Path) -> int:
    with sqlite3.connect(db) as connection:
        return int(connection.execute("SELECT count(*) FROM users").fetchone()[0])


def test_the_console_script_never_makes_a_key_that_cannot_continue_the_chain(
    tmp_path: Path,
) -> None:
    home, elsewhere = tmp_path / "home", tmp_path / "elsewhere"
    home.mkdir()
    elsewhere.mkdir()
    db = home / "kf.db"
    key_file = home / ".klusterfas-audit-key"
    assert _run(home, db, "db", "upgrade").returncode == 0
    assert not key_file.exists()  # migrating needs no key

    # A new database without a chain: the first write creates the key, and says where.
    first = _add(home, db, "a@region.se")
    assert first.returncode == 0, first.stderr
    assert f"created in {key_file}" in first.stderr.replace("\n", " ")
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600

    # Another working directory without the key: refused, and no key is created there.
    for args in (("audit", "verify"), ("tokens", "create", "--email", "a@region.se")):
        refused = _run(elsewhere, db, *args)
        assert refused.returncode == 2, refused.stderr
        assert "NOT created" in refused.stderr
    assert _add(elsewhere, db, "b@region.se").returncode == 2
    assert not (elsewhere / ".klusterfas-audit-key").exists() and _users(db) == 1

    # Another key: "wrong audit key", exit 2, and nothing is written with it.
    wrong = {"KLUSTERFAS_AUDIT_KEY": "not the chain's key"}
    verify = _run(elsewhere, db, "audit", "verify", **wrong)
    assert verify.returncode == 2 and "wrong audit key" in verify.stderr
    assert "broken" not in verify.stderr
    added = _add(elsewhere, db, "c@region.se", **wrong)
    assert added.returncode == 2 and "wrong audit key" in added.stderr and _users(db) == 1

    # The chain's key, from anywhere, by its file.
    right = {"KLUSTERFAS_AUDIT_KEY_FILE": str(key_file)}
    ok = _run(elsewhere, db, "audit", "verify", **right)
    assert ok.returncode == 0 and "ok: 1 entries" in ok.stdout

    # Tampering stays what it is: a broken chain, exit 1.
    with sqlite3.connect(db) as connection:
        connection.execute("DROP TRIGGER audit_entries_no_update")
        connection.execute("UPDATE audit_entries SET actor = 'someone' WHERE seq = 1")
    broken = _run(elsewhere, db, "audit", "verify", **right)
    assert broken.returncode == 1 and "broken: entry 1" in broken.stderr
