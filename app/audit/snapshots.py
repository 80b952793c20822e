"""What an initiative's phase looked like at one moment, as JSON with content hashes.

Frozen into transitions and gate decisions, so later edits never change what a
past decision saw.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from app.audit.log import canonical
from app.domain.evidence import Piece, in_force
from app.domain.gates import Gate
from app.models.evidence import Evidence
from app.models.initiatives import Initiative, ItemState
from app.models.reviews import ReviewCondition


def sha256_text(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def piece_of(row: Evidence) -> Piece:
    return Piece(row.effective_on, row.expires_on, row.withdrawn_at is not None)


def evidence_json(row: Evidence, today: date) -> dict[str, Any]:
    # Notes and links are hashed by their text, files by their bytes.
    content = row.file_sha256 or sha256_text(canonical([row.kind, row.note, row.url]))
    return {
        "id": row.id,
        "kind": row.kind,
        "note": row.note,
        "url": row.url,
        "file_name": row.file_name,
        "media_type": row.media_type,
        "size_bytes": row.size_bytes,
        "sha256": content,
        "effective_on": row.effective_on.isoformat(),
        "expires_on": row.expires_on.isoformat() if row.expires_on else None,
        "in_force": in_force(piece_of(row), today),
        "withdrawn": row.withdrawn_at is not None,
        "added_by": row.added_by.email if row.added_by else None,
        "added_at": row.added_at.isoformat(),
    }


def item_json(state: ItemState, standing: str) -> dict[str, Any]:
    return {
        "status": state.status.value,
        "standing": standing,
        "note": state.note,
        "link": state.link,
        "justification": state.justification,
        "updated_by": state.updated_by.email if state.updated_by else None,
        "updated_at": state.updated_at.isoformat() if state.updated_at else None,
    }


def items_json(
    prefix: str,
    states: Mapping[str, ItemState],
    standings: Mapping[str, str],
    evidence: Mapping[str, Sequence[Evidence]],
    today: date,
) -> dict[str, Any]:
    """Items whose key starts with `prefix`, each with its evidence and a content hash."""
    items: dict[str, Any] = {}
    for key, state in sorted(states.items()):
        if not key.startswith(prefix):
            continue
        entry = item_json(state, standings.get(key, state.status.value))
        entry["evidence"] = [evidence_json(row, today) for row in evidence.get(key, ())]
        entry["sha256"] = sha256_text(canonical(entry))
        items[key] = entry
    return items


def phase_snapshot(
    *,
    initiative: Initiative,
    gate: Gate,
    states: Mapping[str, ItemState],
    standings: Mapping[str, str],
    evidence: Mapping[str, Sequence[Evidence]],
    open_conditions: Sequence[ReviewCondition],
    today: date,
) -> dict[str, Any]:
    items = items_json(f"{initiative.phase.value}.", states, standings, evidence, today)
    return {
        "model_version": initiative.model_version,
        "phase": initiative.phase.value,
        "as_of": today.isoformat(),
        "gate": gate.as_dict(),
        "open_conditions": [
            {"id": c.id, "text": c.text, "owner": c.owner, "due_on": c.due_on.isoformat()}
            for c in open_conditions
        ],
        "items": items,
    }


def snapshot_sha256(snapshot: Mapping[str, Any]) -> str:
    return sha256_text(canonical(snapshot))
