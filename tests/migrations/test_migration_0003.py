"""Revision 0003 on a database with data: nothing lost, versions backfilled, and back down."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, text

from app import migrate
from app.db import make_engine


@pytest.fixture
def engine_before(empty_url: str) -> Iterator[tuple[str, Engine]]:
    migrate.upgrade(empty_url, "0002")
    engine = make_engine(empty_url)
    try:
        yield empty_url, engine
    finally:
        engine.dispose()


NOW = "2026-11-20 10:00:00+00:00"


def _seed(engine: Engine) -> None:
    with engine.begin() as c:
        c.execute(
            text(
                "INSERT INTO users (id, email, name, role, password_hash, session_version,"
                " is_active, created_at) VALUES (1, 'a@example.se', 'A', 'admin', 'x', 1, :t, :now)"
            ),
            {"t": True, "now": NOW},
        )
        for initiative_id, version in ((1, "klusterutveckling/1"), (2, "klusterutveckling/0")):
            c.execute(
                text(
                    "INSERT INTO initiatives (id, name, region, phase, model_version,"
                    " phase_entered_at, created_at, updated_at)"
                    " VALUES (:id, :name, 'R', 'initiation', :v, :now, :now, :now)"
                ),
                {"id": initiative_id, "name": f"I{initiative_id}", "v": version, "now": NOW},
            )
            for n, status in enumerate(("done", "open", "not_applicable")):
                c.execute(
                    text(
                        "INSERT INTO item_states (initiative_id, item_key, status, note,"
                        " justification, updated_by_id, updated_at)"
                        " VALUES (:i, :k, :s, 'anteckning', :j, 1, :now)"
                    ),
                    {
                        "i": initiative_id,
                        "k": f"starting_point.results.k{n}",
                        "s": status,
                        "j": "ej relevant" if status == "not_applicable" else None,
                        "now": NOW,
                    },
                )
        for initiative_id, snapshot in (
            (1, {"gate": {"allowed": True}, "items": {}}),  # taken before snapshots named it
            (2, {"model_version": "klusterutveckling/0", "gate": {"allowed": True}, "items": {}}),
        ):
            c.execute(
                text(
                    "INSERT INTO transitions (initiative_id, trigger, from_phase, to_phase,"
                    " actor_id, created_at, gate_snapshot)"
                    " VALUES (:i, 'advance', 'starting_point', 'initiation', 1, :now, :snap)"
                ),
                {"i": initiative_id, "now": NOW, "snap": json.dumps(snapshot)},
            )


def _rows(engine: Engine, sql: str) -> list[tuple[object, ...]]:
    with engine.connect() as c:
        return [tuple(r) for r in c.execute(text(sql))]


def _json_object(value: object) -> dict[str, Any]:
    """A JSON column's value: text on SQLite, already decoded on PostgreSQL."""
    decoded = json.loads(value) if isinstance(value, str) else value
    assert isinstance(decoded, dict)
    return decoded


def test_upgrade_keeps_every_row_and_backfills_the_versions(
    engine_before: tuple[str, Engine],
) -> None:
    url, engine = engine_before
    _seed(engine)
    states_before = _rows(
        engine, "SELECT initiative_id, item_key, status, note, justification FROM item_states"
    )
    migrate.upgrade(url, "0003")
    states_after = _rows(
        engine,
        "SELECT initiative_id, item_key, status, note, justification, model_version"
        " FROM item_states ORDER BY initiative_id, item_key",
    )
    assert [r[:5] for r in states_after] == sorted(states_before)
    assert {(r[0], r[5]) for r in states_after} == {
        (1, "klusterutveckling/1"),
        (2, "klusterutveckling/0"),
    }
    snapshots = {
        r[0]: _json_object(r[1])
        for r in _rows(engine, "SELECT initiative_id, gate_snapshot FROM transitions")
    }
    assert snapshots[1]["model_version"] == "klusterutveckling/1"
    assert snapshots[2]["model_version"] == "klusterutveckling/0"
    assert snapshots[1]["gate"] == {"allowed": True}
    assert _rows(engine, "SELECT count(*) FROM model_version_changes") == [(0,)]
    assert _rows(engine, "SELECT count(*) FROM users") == [(1,)]
    assert _rows(engine, "SELECT count(*) FROM initiatives") == [(2,)]

    migrate.downgrade(url, "0002")
    assert sorted(
        _rows(
            engine,
            "SELECT initiative_id, item_key, status, note, justification FROM item_states",
        )
    ) == sorted(states_before)
    assert _rows(engine, "SELECT count(*) FROM transitions") == [(2,)]
