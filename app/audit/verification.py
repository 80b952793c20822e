"""Verifying the audit chain: each entry against its MAC and the one before it, and the
head against the last."""

from __future__ import annotations

import hmac
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.audit.head_writes import HEAD_ID
from app.audit.macs import (
    GENESIS,
    WrongAuditKey,
    check_key,
    entry_fields,
    head_mac_of,
    key_of,
    mac_of,
)
from app.models.audit import AuditEntry, AuditHead


@dataclass(frozen=True)
class Verification:
    ok: bool
    entries: int
    first_broken: int | None
    reason: str | None = None

    def as_dict(self) -> dict[str, object]:
        return {"ok": self.ok, "entries": self.entries, "first_broken": self.first_broken}


def verify_entries(
    key: bytes, entries: Iterable[AuditEntry], head: AuditHead | None
) -> Verification:
    """Walk the chain in `seq` order: each entry must carry the MAC of the one before,
    have the next number, and MAC to what it says; the head must name the last one."""
    count, prev_mac, expected_seq = 0, GENESIS, 1
    for entry in entries:
        count += 1
        if entry.seq != expected_seq:
            return Verification(False, count, entry.seq, f"entry {expected_seq} is missing")
        if entry.prev_mac != prev_mac:
            return Verification(False, count, entry.seq, "it does not follow the entry before")
        if not hmac.compare_digest(entry.mac, mac_of(key, entry_fields(entry))):
            return Verification(False, count, entry.seq, "its content was changed")
        prev_mac, expected_seq = entry.mac, expected_seq + 1
    last = expected_seq - 1
    if head is None:
        if count:
            return Verification(False, count, 1, "the chain head is missing")
        return Verification(True, 0, None)
    head_ok = hmac.compare_digest(head.head_mac, head_mac_of(key, head.seq, head.mac))
    if not head_ok or head.seq != last or head.mac != prev_mac:
        # Entries after `last` were cut off (or the head itself was rewritten).
        return Verification(False, count, last + 1, "the log ends before its recorded head")
    return Verification(True, count, None)


def _fits_the_chain(session: Session, key: bytes, head: AuditHead) -> bool:
    # Whether the head's MAC or the first entry's checks out under `key`: then it is the
    # chain's key, whatever the recorded fingerprint says.
    if hmac.compare_digest(head.head_mac, head_mac_of(key, head.seq, head.mac)):
        return True
    first = session.get(AuditEntry, 1)
    return first is not None and hmac.compare_digest(first.mac, mac_of(key, entry_fields(first)))


def verify(session: Session, *, batch: int = 2000) -> Verification:
    """The whole chain's verification; WrongAuditKey if `key` is not the chain's."""
    key = key_of(session)
    head = session.get(AuditHead, HEAD_ID)
    altered = False
    try:
        check_key(key, head)
    except WrongAuditKey:
        assert head is not None
        # Rewriting the fingerprint must not pass tampering off as a wrong key.
        if not _fits_the_chain(session, key, head):
            raise
        altered = True
    rows = session.scalars(
        select(AuditEntry).order_by(AuditEntry.seq).execution_options(yield_per=batch)
    )
    result = verify_entries(key, rows, head)
    if altered and result.ok:
        return Verification(False, result.entries, result.entries + 1, "the head was altered")
    return result


def chain_started(session: Session) -> bool:
    """Whether anything was ever written to the chain (so only its own key will do)."""
    return session.get(AuditHead, HEAD_ID) is not None
