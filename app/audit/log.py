"""The append-only audit log, chained with an HMAC.

Each entry's MAC covers its own fields and the MAC of the entry before it,
keyed by a secret that lives outside the database (KLUSTERFAS_AUDIT_KEY).
Someone with database access alone can change rows but cannot recompute
the chain, so `verify` finds the first entry that no longer fits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import Select, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from app import clock
from app.audit import head_writes
from app.audit.macs import (
    GENESIS,
    AuditKeyMissing,
    WrongAuditKey,
    adopt_fingerprint,
    canonical,
    check_key,
    entry_fields,
    head_mac_of,
    jsonable,
    key_fingerprint,
    key_of,
    mac_of,
)
from app.audit.verification import Verification, chain_started, verify, verify_entries
from app.db import table_of
from app.models.accounts import User
from app.models.audit import AuditEntry, AuditHead
from app.uow import before_commit, lock_initiative

HEAD_ID = head_writes.HEAD_ID

# Writing is here; the MACs are app.audit.macs's, verifying app.audit.verification's. Their
# names are this module's too, as the rest of the code has always imported them.
__all__ = [
    "GENESIS", "HEAD_ID", "AuditKeyMissing", "Rider", "Verification", "WrongAuditKey",
    "canonical", "chain_started", "entry_fields", "head_mac_of", "jsonable", "key_fingerprint",
    "key_of", "mac_of", "record", "rider", "rode", "verify", "verify_entries",
]  # fmt: skip


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
    adopt_fingerprint(key, head)
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
    if not entries:  # each rode along in a statement of its use-case (`rider`)
        return
    key = key_of(session)
    postgres = session.get_bind().dialect.name == "postgresql"
    head: AuditHead | None = None
    was = head_writes.known(session, key) if postgres and len(entries) == 1 else None
    if was is not None:
        ride = _onto(key, was, entries)
        answer = head_writes.append_onto(session, ride.params)
        if answer.audit_moved:
            _landed(session, ride)
            return
        head = _found(answer)  # moved by another meanwhile: chained onto it as it is
        if head is not None:
            check_key(key, head)
            adopt_fingerprint(key, head)
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


@dataclass(frozen=True)
class Rider:
    """The one entry a unit of work holds so far, chained onto the head this process wrote
    last, to ride in a statement its use-case sends anyway (PostgreSQL): that statement
    holds `head_writes.riding()`'s CTE and columns, and these parameters."""

    key: bytes
    was: head_writes.KnownHead
    seq: int
    mac: str
    head_mac: str
    params: dict[str, Any]


def rider(session: Session) -> Rider | None:
    """A Rider for the unit of work's one pending entry; None when there is not exactly
    one, or no head this process knows, or not on PostgreSQL."""
    if session.get_bind().dialect.name != "postgresql":
        return None
    pending = before_commit(session, _append)
    key = key_of(session)
    was = head_writes.known(session, key)
    if pending is None or len(pending) != 1 or was is None:
        return None
    return _onto(key, was, pending)


def rode(session: Session, rider: Rider, answer: Any) -> None:
    """After the statement ran, by its `audit_*` columns: the entry is in, or (the head had
    moved) it joins the chain before the commit, onto the head as the statement found it."""
    if answer.audit_moved:
        pending = before_commit(session, _append)
        assert pending is not None
        pending.clear()
        _landed(session, rider)
        return
    found = _found(answer)
    if found is not None and found.key_fingerprint is not None:
        # Locked now: the append before the commit checks it again, in one statement.
        known = head_writes.KnownHead(rider.key, found.seq, found.mac, found.key_fingerprint)
        head_writes.remember(session, known)


def _onto(key: bytes, was: head_writes.KnownHead, entries: list[AuditEntry]) -> Rider:
    """The one entry of `entries` chained onto `was`, and the guarded statements' values."""
    seq, mac = _chain(key, entries, was.seq, was.mac)
    head_mac = head_mac_of(key, seq, mac)
    moved = {"new_seq": seq, "new_mac": mac, "new_head_mac": head_mac}
    params = head_writes.guarded_params(was, moved, _rows(entries)[0])
    return Rider(key, was, seq, mac, head_mac, params)


def _landed(session: Session, ride: Rider) -> None:
    _written(session, ride.key, ride.seq, ride.mac, ride.head_mac, ride.was.fingerprint)


def _found(answer: Any) -> AuditHead | None:
    """The head as a guarded statement found it (`riding()`'s columns), not in the session;
    None: there is no head yet."""
    if answer.audit_seq is None:
        return None
    return AuditHead(
        id=HEAD_ID, seq=answer.audit_seq, mac=answer.audit_mac,
        head_mac=answer.audit_head_mac, key_fingerprint=answer.audit_key_fingerprint,
    )  # fmt: skip


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
