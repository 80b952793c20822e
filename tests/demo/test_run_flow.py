"""./scripts/run.sh's flow on a fresh SQLite file: `db upgrade`, `demo`, then the app: the
analytics page shows time in phase and the funnel from the demo's history; `audit verify`
says ok; a second `demo` adds nothing."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient

from app.config import Settings
from app.web.application import create_app
from tests.conftest import AUDIT_KEY, csrf_of
from tests.test_cli import _run


def test_upgrade_demo_and_serve_show_the_history(tmp_path: Path) -> None:
    assert _run(tmp_path, "db", "upgrade").returncode == 0
    first = _run(tmp_path, "demo")
    assert first.returncode == 0, first.stderr
    assert "Demo portfolio loaded." in first.stdout
    verified = _run(tmp_path, "audit", "verify")
    assert verified.returncode == 0, verified.stderr
    assert verified.stdout.startswith("ok: ")
    again = _run(tmp_path, "demo")
    assert "already present; nothing added" in again.stdout
    assert _run(tmp_path, "audit", "verify").stdout.split("\n")[0] == verified.stdout.split("\n")[0]

    settings = Settings(
        audit_key=AUDIT_KEY,
        database_url=f"sqlite:///{tmp_path / 'cli.db'}",
        secret_key="test-secret",
        secure_cookies=False,
        session_max_age=3600,
        data_dir=tmp_path / "data",
    )
    with TestClient(create_app(settings), base_url="http://testserver") as client:
        form = {"email": "stod@klusterfas.demo", "password": "demo-support-2026"}
        form["csrf_token"] = csrf_of(client.get("/login").text)
        assert client.post("/login", data=form, follow_redirects=False).status_code == 303
        page = client.get("/portfolio/analytics?period=365")
        assert page.status_code == 200
        text = page.text
        # Time in phase: days per finished stay ("Utgångspunkt: dagar 50,1 / …"), not "–".
        spans = re.findall(r"(Utgångspunkt|Initiering|Pilot): dagar (\d+),\d", text)
        assert {phase for phase, _ in spans} == {"Utgångspunkt", "Initiering", "Pilot"}
        assert all(int(days) > 0 for _, days in spans)
        # The funnel: in the phase now, and entered within the year, in several phases.
        assert len(re.findall(r": I fasen nu [1-9]", text)) >= 5
        portfolio = client.get("/portfolio?stalled=true").text
        assert "Gotlands besöksnäringsnätverk" in portfolio
        work = client.get("/work").text  # a review waiting, a condition overdue
        assert "Östergötlands drönarallians" in work and "Underskriven avsiktsförklaring" in work
