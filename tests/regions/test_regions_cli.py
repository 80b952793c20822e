"""`klusterfas regions list|add`, as a real process on a SQLite file."""

from __future__ import annotations

from pathlib import Path

from tests.test_cli import _run


def test_regions_are_added_and_listed(tmp_path: Path) -> None:
    assert _run(tmp_path, "db", "upgrade").returncode == 0
    assert _run(tmp_path, "regions", "list").stdout == ""
    for name in ("Västra Götaland", "Skåne"):
        added = _run(tmp_path, "regions", "add", name)
        assert added.returncode == 0, added.stderr
    again = _run(tmp_path, "regions", "add", "Skåne")
    assert again.returncode == 1 and "exists already" in again.stderr
    assert _run(tmp_path, "regions", "list").stdout.splitlines() == ["Skåne", "Västra Götaland"]
