from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, UTCDateTime
from app.domain.evidence import EvidenceKind
from app.models.columns import enum_column, utcnow

if TYPE_CHECKING:
    from app.models.accounts import User


class Evidence(Base):
    """One piece of evidence for an item: a note, a link or an uploaded document.

    Never deleted: a piece is withdrawn, so a past decision's snapshot stays explainable.
    """

    __tablename__ = "evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    initiative_id: Mapped[int] = mapped_column(ForeignKey("initiatives.id", ondelete="CASCADE"))
    item_key: Mapped[str] = mapped_column(String(120))
    kind: Mapped[EvidenceKind] = mapped_column(enum_column(EvidenceKind, length=10))
    note: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(String(2000))
    file_sha256: Mapped[str | None] = mapped_column(ForeignKey("evidence_blobs.sha256"))
    file_name: Mapped[str | None] = mapped_column(String(255))
    media_type: Mapped[str | None] = mapped_column(String(120))
    size_bytes: Mapped[int | None] = mapped_column(Integer)
    effective_on: Mapped[date] = mapped_column(Date)
    expires_on: Mapped[date | None] = mapped_column(Date)
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    withdrawal_reason: Mapped[str | None] = mapped_column(Text)

    added_by: Mapped[User | None] = relationship(foreign_keys=[added_by_id])

    __table_args__ = (
        Index("ix_evidence_initiative_item", "initiative_id", "item_key"),
        CheckConstraint("kind IN ('note', 'link', 'file')", name="kind"),
    )


class EvidenceLink(Base):
    """A piece of evidence also serving a further item of its initiative (its own item is
    `Evidence.item_key`): it counts, and expires, for each item it serves."""

    __tablename__ = "evidence_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    evidence_id: Mapped[int] = mapped_column(ForeignKey("evidence.id", ondelete="CASCADE"))
    # The piece's initiative, repeated so that an initiative's reads need no join.
    initiative_id: Mapped[int] = mapped_column(ForeignKey("initiatives.id", ondelete="CASCADE"))
    item_key: Mapped[str] = mapped_column(String(120))
    attached_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    attached_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        UniqueConstraint("evidence_id", "item_key", name="uq_evidence_links_evidence_item"),
        Index("ix_evidence_links_initiative_item", "initiative_id", "item_key"),
    )


class EvidenceBlob(Base):
    """An uploaded file's bytes, addressed by their SHA-256; `content` is NULL when the
    bytes live in the data directory instead of the database."""

    __tablename__ = "evidence_blobs"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size_bytes: Mapped[int] = mapped_column(Integer)
    media_type: Mapped[str] = mapped_column(String(120))
    content: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
