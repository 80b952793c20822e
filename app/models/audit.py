from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Index,
    Integer,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, UTCDateTime


class AuditEntry(Base):
    """One link of the append-only, HMAC-chained audit log.

    No foreign keys on purpose: nothing deleted elsewhere may cascade into the log.
    `seq` is assigned by the writer under the head lock, so it has no gaps.
    """

    __tablename__ = "audit_entries"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor_id: Mapped[int | None] = mapped_column(Integer)
    actor: Mapped[str] = mapped_column(String(254))
    action: Mapped[str] = mapped_column(String(60))
    target_type: Mapped[str] = mapped_column(String(40))
    target_id: Mapped[str] = mapped_column(String(200))
    initiative_id: Mapped[int | None] = mapped_column(Integer)
    phase: Mapped[str | None] = mapped_column(String(20))
    before: Mapped[Any] = mapped_column(JSON, nullable=True)
    after: Mapped[Any] = mapped_column(JSON, nullable=True)
    prev_mac: Mapped[str] = mapped_column(String(64))
    mac: Mapped[str] = mapped_column(String(64))

    __table_args__ = (Index("ix_audit_entries_initiative", "initiative_id", "seq"),)


class AuditHead(Base):
    """The chain's newest link, with a keyed MAC, so cutting off the tail is detected.
    Its single row is also the lock that serialises writers of the chain."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(Integer)
    mac: Mapped[str] = mapped_column(String(64))
    head_mac: Mapped[str] = mapped_column(String(64))
    # HMAC of a fixed text under the audit key (migration 0008): another key is told
    # apart from a broken chain. Empty on a head written before it existed.
    key_fingerprint: Mapped[str | None] = mapped_column(String(64))
