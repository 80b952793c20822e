"""The audit chain's MACs: what an entry's MAC covers, the head's, the key's fingerprint,
and the checks that a key is the chain's (app.audit.log writes the chain with them,
app.audit.verification reads it back)."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy.orm import Session

from app.models.audit import AuditEntry, AuditHead

GENESIS = "0" * 64


class AuditKeyMissing(RuntimeError):
    pass


class WrongAuditKey(RuntimeError):
    """The key at hand is not the one the chain was written with: refused before a write
    or a verification, so a misconfigured key never reads as tampering (nor forks the
    chain)."""

    code = "wrong_audit_key"


def key_of(session: Session) -> bytes:
    key = session.info.get("audit_key")
    if not key:
        raise AuditKeyMissing("No audit key on this session: configure KLUSTERFAS_AUDIT_KEY.")
    return key if isinstance(key, bytes) else str(key).encode()


def canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def jsonable(value: Any) -> Any:
    """Dates and enums as text, so what is stored is what was MACed."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def entry_fields(entry: AuditEntry) -> list[Any]:
    return [
        entry.seq,
        entry.at.astimezone(UTC).isoformat(),
        entry.actor_id,
        entry.actor,
        entry.action,
        entry.target_type,
        entry.target_id,
        entry.initiative_id,
        entry.phase,
        entry.before,
        entry.after,
        entry.prev_mac,
    ]


def mac_of(key: bytes, fields: list[Any]) -> str:
    return hmac.new(key, canonical(fields).encode(), hashlib.sha256).hexdigest()


def head_mac_of(key: bytes, seq: int, mac: str) -> str:
    return hmac.new(key, f"head|{seq}|{mac}".encode(), hashlib.sha256).hexdigest()


def key_fingerprint(key: bytes) -> str:
    """Names the key without revealing it (an HMAC of a fixed text under it)."""
    return hmac.new(key, b"klusterfas audit key fingerprint", hashlib.sha256).hexdigest()


def check_key(key: bytes, head: AuditHead | None) -> None:
    """Refuse a key other than the chain's, by the fingerprint its head records."""
    if head is None or head.key_fingerprint is None:
        return
    if not hmac.compare_digest(head.key_fingerprint, key_fingerprint(key)):
        raise WrongAuditKey(
            "wrong audit key: the audit chain was written with another key (fingerprint "
            f"{head.key_fingerprint[:12]}…, this key's is {key_fingerprint(key)[:12]}…); "
            "set KLUSTERFAS_AUDIT_KEY or KLUSTERFAS_AUDIT_KEY_FILE to the chain's key"
        )


def adopt_fingerprint(key: bytes, head: AuditHead) -> None:
    # A head written before fingerprints existed: it takes this key's fingerprint only if
    # its own MAC shows the key is the chain's; otherwise nothing is written with it.
    if head.key_fingerprint is not None:
        return
    if not hmac.compare_digest(head.head_mac, head_mac_of(key, head.seq, head.mac)):
        raise WrongAuditKey(
            "wrong audit key: the chain head does not verify with this key (or the head "
            "was altered); nothing was written"
        )
    head.key_fingerprint = key_fingerprint(key)
