"""The statements that move the audit chain's head, and the head as this process last
moved it.

Every audited write locks the head and reads it (its seq and MAC are the next entry's
input), then writes the entry and the head. On PostgreSQL a process that wrote the head
last knows it already: one statement then locks it, checks that it is still what this
process wrote, and only then moves it and inserts the entry. When another process (or a
rollback, a restore, a new key) moved it meanwhile, the same statement hands back the
head as it is, locked, and the entry is chained onto that instead: never a statement more
than reading it first would take. The check is on the seq, the MAC and the key's
fingerprint, so a head this process merely believes in is never extended."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import CTE, Label, Row, Select, Update, bindparam, exists, insert, select, update
from sqlalchemy.orm import Session

from app.db import table_of
from app.models.audit import AuditEntry, AuditHead

HEAD_ID = 1


@dataclass(frozen=True)
class KnownHead:
    key: bytes
    seq: int
    mac: str
    fingerprint: str


# By the session's bind (an engine; a connection in the tests): a database of its own.
_KNOWN: WeakKeyDictionary[object, KnownHead] = WeakKeyDictionary()


def known(session: Session, key: bytes) -> KnownHead | None:
    head = _KNOWN.get(session.get_bind())
    return head if head is not None and head.key == key else None


def remember(session: Session, head: KnownHead) -> None:
    """The head as this transaction leaves it. If it rolls back instead, the next write's
    check finds the head elsewhere, and reads it."""
    _KNOWN[session.get_bind()] = head


def append_onto(session: Session, params: dict[str, Any]) -> Row[Any]:
    """Move the head and insert the entry as `guarded_params` says, if the head is still the
    one it names; either way the head as it was found, locked, in `riding()`'s columns
    (all None: there is no head yet)."""
    return session.execute(_append_if_head(), params).one()


def append_one() -> Update:
    """The head's UPDATE with one entry's INSERT riding in it (PostgreSQL)."""
    return _append_one()


def head_update() -> Update:
    return _head_update()


def guarded_params(was: KnownHead, moved: dict[str, Any], entry: dict[str, Any]) -> dict[str, Any]:
    """The parameters of the guarded statements: the head as `was`, moved as `moved` says,
    and the entry's columns (named as no column of a table written: app.readiness.services
    says why)."""
    entry_values = {f"entry_{c}": v for c, v in entry.items()}
    old = {"old_seq": was.seq, "old_mac": was.mac, "fingerprint": was.fingerprint}
    return {**old, **moved, **entry_values}


def riding() -> tuple[CTE, list[Label[Any]]]:
    """The guarded head's move and its entry's INSERT as CTEs for a statement that is sent
    anyway (an item save's writes, app.readiness.services): the CTE that statement must
    hold, and the columns that answer (audit_seq, audit_mac, audit_head_mac,
    audit_key_fingerprint: the head as found; audit_moved), as `append_onto`'s row does."""
    return _riding()


@cache
def _riding() -> tuple[CTE, list[Label[Any]]]:
    # The head locked; moved if it is still the one bound (old_seq, old_mac, fingerprint);
    # the entry inserted if it moved.
    table = table_of(AuditHead)
    head = select(table).where(table.c.id == HEAD_ID).with_for_update().cte("head")
    # The UPDATE reads the locked head (its FROM), so it is locked and read before it moves.
    moved = (
        update(table)
        .where(
            table.c.id == head.c.id,
            head.c.seq == bindparam("old_seq"),
            head.c.mac == bindparam("old_mac"),
            head.c.key_fingerprint == bindparam("fingerprint"),
        )
        .values(
            seq=bindparam("new_seq"), mac=bindparam("new_mac"), head_mac=bindparam("new_head_mac")
        )
        .returning(table.c.id)
        .cte("moved")
    )
    entries = table_of(AuditEntry)
    row = select(*(bindparam(f"entry_{c.key}", type_=c.type) for c in entries.c))
    appended = (
        insert(entries)
        .from_select([c.key for c in entries.c], row.select_from(moved))
        .cte("appended")
    )
    columns = [
        select(column).scalar_subquery().label(f"audit_{column.key}")
        for column in (head.c.seq, head.c.mac, head.c.head_mac, head.c.key_fingerprint)
    ]
    return appended, [*columns, exists(select(moved.c.id)).label("audit_moved")]


@cache
def _append_if_head() -> Select[Any]:
    appended, columns = _riding()
    return select(*columns).add_cte(appended)


@cache
def _append_one() -> Update:
    table = table_of(AuditEntry)
    values = {c.key: bindparam(f"entry_{c.key}", type_=c.type) for c in table.columns}
    return _head_update().add_cte(insert(table).values(values).cte("appended"))


@cache
def _head_update() -> Update:
    table = table_of(AuditHead)
    return (
        update(table)
        .where(table.c.id == HEAD_ID)
        .values(
            seq=bindparam("new_seq"),
            mac=bindparam("new_mac"),
            head_mac=bindparam("new_head_mac"),
            key_fingerprint=bindparam("new_fingerprint"),
        )
    )
