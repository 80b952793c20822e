"""JSON shapes of evidence: notes, links and documents on an item."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import Field

from app.models.evidence import Evidence
from app.web.api.schemas.common import Body, email_of, iso


class EvidenceIn(Body):
    kind: str = Field(description="note or link; upload documents as multipart/form-data")
    note: str | None = None
    url: str | None = None
    effective_on: date | None = None
    expires_on: date | None = None


class WithdrawIn(Body):
    reason: str


class AttachIn(Body):
    item_key: str = Field(description="an item of the same initiative, to be served as well")


def served_json(evidence_id: int, items: list[str]) -> dict[str, Any]:
    """The items a piece serves: its own first (`items[0]`), then those it is attached to."""
    return {"evidence_id": evidence_id, "item": items[0] if items else None, "items": items}


def evidence_json(row: Evidence) -> dict[str, Any]:
    return {
        "id": row.id,
        "item": row.item_key,
        "kind": row.kind,
        "note": row.note,
        "url": row.url,
        "file_name": row.file_name,
        "media_type": row.media_type,
        "size_bytes": row.size_bytes,
        "sha256": row.file_sha256,
        "download": f"/evidence/{row.id}/download" if row.file_sha256 else None,
        "effective_on": row.effective_on.isoformat(),
        "expires_on": iso(row.expires_on),
        "added_by": email_of(row.added_by),
        "added_at": row.added_at.isoformat(),
        "withdrawn_at": iso(row.withdrawn_at),
        "withdrawal_reason": row.withdrawal_reason,
    }
