"""`klusterfas digest send --dry-run` on the demo: composes, sends nothing, needs no SMTP."""

from __future__ import annotations

from pathlib import Path

from tests.test_cli import _run


def test_digest_dry_run_on_the_demo(tmp_path: Path) -> None:
    assert _run(tmp_path, "db", "upgrade").returncode == 0
    assert _run(tmp_path, "demo").returncode == 0
    result = _run(tmp_path, "digest", "send", "--dry-run", "--base-url", "https://kf.example.se")
    assert result.returncode == 0, result.stderr
    assert "To: stod@klusterfas.demo" in result.stdout
    assert "1 digest(s) composed" in result.stdout
    # Without SMTP settings a real send refuses clearly.
    refused = _run(tmp_path, "digest", "send")
    assert refused.returncode == 1 and "KLUSTERFAS_SMTP_HOST" in refused.stderr
