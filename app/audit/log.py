"""The append-only audit log, chained with an HMAC.

Each entry's MAC covers its own fields and the MAC of the entry before it,
keyed by a secret that lives outside the database (KLUSTERFAS_AUDIT_KEY).
Someone with database access alone can change rows but cannot recompute
the chain, so `verify` finds the first entry that no longer fits.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from functools import cache
from typing import Any

from sqlalchemy import Select, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from app import clock
from app.audit import head_writes
from app.db import table_of
from app.models.accounts import User
from app.models.audit import AuditEntry, AuditHead
from app.uow import before_commit, lock_initiative

GENESIS = "0" * 64
HEAD_ID = head_writes.HEAD_ID


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


def _adopt_fingerprint(key: bytes, head: AuditHead) -> None:
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


def _head_for_update(session: Session) -> AuditHead | None:
    return session.scalar(_head_statement())


@cache
def _head_statement() -> Select[AuditHead]:
    # Built once: every audited write runs it (app.initiatives.queries says why).
    return (
        select(AuditHead)
        .where(AuditHead.id == HEAD_ID)
        .with_for_update()
        .execution_options(populate_existing=True)
    )


def _lock_head(session: Session, key: bytes) -> AuditHead:
    head = _head_for_update(session)
    if head is None:
        # The very first entry: concurrent first writers both try to create the head; one
        # row results, and the others lock it once its creator has committed.
        dialect = session.get_bind().dialect.name
        values = {
            "id": HEAD_ID,
            "seq": 0,
            "mac": GENESIS,
            "head_mac": head_mac_of(key, 0, GENESIS),
            "key_fingerprint": key_fingerprint(key),
        }
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        session.execute(insert(AuditHead).values(values).on_conflict_do_nothing())
        head = _head_for_update(session)
    assert head is not None
    check_key(key, head)
    _adopt_fingerprint(key, head)
    return head


def record(
    session: Session,
    *,
    actor: User | str | None,
    action: str,
    target_type: str,
    target_id: object,
    initiative_id: int | None = None,
    phase: str | None = None,
    before: Any = None,
    after: Any = None,
    at: datetime | None = None,
) -> AuditEntry:
    """Append one entry in the caller's transaction; the caller commits.

    In a unit of work the entry joins the chain just before the commit (`_append`), so
    the head, which every audited write locks, is held for the last few statements only,
    not for all of the use-case. The entry's initiative is locked now (app.uow's lock
    order): of two writers to one initiative, the second waits here. Outside a unit of
    work (the console, the tests) it joins the chain at once."""
    key_of(session)  # no key: refused before anything is written
    if initiative_id is not None:
        lock_initiative(session, initiative_id)
    if isinstance(actor, User):
        actor_id, actor_name = actor.id, actor.email
    else:
        actor_id, actor_name = None, actor or "system"
    entry = AuditEntry(
        at=at,  # None: dated as it joins the chain, so dates follow the chain's order
        actor_id=actor_id,
        actor=actor_name,
        action=action,
        target_type=target_type,
        target_id=str(target_id),
        initiative_id=initiative_id,
        phase=phase,
        before=jsonable(before),
        after=jsonable(after),
    )
    pending = before_commit(session, _append)
    if pending is None:
        _append(session, [entry])
    else:
        pending.append(entry)
    return entry


def _append(session: Session, entries: list[AuditEntry]) -> None:
    """Chain the entries onto the head, in the order they were recorded. Written on the
    tables (app.db.table_of): every audited write runs this, and the ORM's flush of new
    objects cost more than the two statements. On PostgreSQL one entry onto the head this
    process wrote last is one statement (app.audit.head_writes)."""
    key = key_of(session)
    postgres = session.get_bind().dialect.name == "postgresql"
    head: AuditHead | None = None
    was = head_writes.known(session, key) if postgres and len(entries) == 1 else None
    if was is not None:
        seq, mac = _chain(key, entries, was.seq, was.mac)
        head_mac = head_mac_of(key, seq, mac)
        moved = {"new_seq": seq, "new_mac": mac, "new_head_mac": head_mac}
        found = head_writes.append_onto(session, was, moved, _rows(entries)[0])
        if found is not None and found.moved:
            _written(session, key, seq, mac, head_mac, was.fingerprint)
            return
        if found is not None:  # moved by another meanwhile: chained onto it as it is
            head = AuditHead(
                id=HEAD_ID, seq=found.seq, mac=found.mac, head_mac=found.head_mac,
                key_fingerprint=found.key_fingerprint,
            )  # fmt: skip
            check_key(key, head)
            _adopt_fingerprint(key, head)
    if head is None:
        head = _lock_head(session, key)
    seq, mac = _chain(key, entries, head.seq, head.mac)
    head_mac = head_mac_of(key, seq, mac)
    rows = _rows(entries)
    moved = {"new_seq": seq, "new_mac": mac, "new_head_mac": head_mac,
             "new_fingerprint": head.key_fingerprint}  # fmt: skip
    if len(rows) == 1 and postgres:
        # One entry (most writes): the INSERT rides in the head's UPDATE, a round trip less.
        entry = {f"entry_{c}": v for c, v in rows[0].items()}
        session.execute(head_writes.append_one(), {**moved, **entry})
    else:
        session.execute(insert(table_of(AuditEntry)), rows)
        session.execute(head_writes.head_update(), moved)
    _written(session, key, seq, mac, head_mac, head.key_fingerprint)


def _written(
    session: Session, key: bytes, seq: int, mac: str, head_mac: str, fingerprint: str | None
) -> None:
    """The head as written: the session's loaded head too (nothing of it left to flush,
    and `verify` in this session reads it right), and this process's known head."""
    held = session.identity_map.get(session.identity_key(AuditHead, HEAD_ID))
    if isinstance(held, AuditHead):
        values = {"seq": seq, "mac": mac, "head_mac": head_mac, "key_fingerprint": fingerprint}
        for name, value in values.items():
            set_committed_value(held, name, value)
    if fingerprint is not None:
        head_writes.remember(session, head_writes.KnownHead(key, seq, mac, fingerprint))


def _chain(key: bytes, entries: list[AuditEntry], seq: int, mac: str) -> tuple[int, str]:
    """Number and MAC the entries after (seq, mac); the last one's."""
    for entry in entries:
        entry.seq, entry.prev_mac = seq + 1, mac
        entry.at = entry.at or clock.utc_now()
        entry.mac = mac_of(key, entry_fields(entry))
        seq, mac = entry.seq, entry.mac
    return seq, mac


def _rows(entries: list[AuditEntry]) -> list[dict[str, Any]]:
    columns = _entry_columns()
    return [{c: getattr(e, c) for c in columns} for e in entries]


@cache
def _entry_columns() -> tuple[str, ...]:
    return tuple(column.key for column in table_of(AuditEntry).columns)


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
