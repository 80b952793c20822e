from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.comments.rules import CommentTarget
from app.db import Base, UTCDateTime
from app.models.accounts import User
from app.models.columns import enum_column, utcnow


class Comment(Base):
    """One comment in the thread of an item (by key) or of a gate review."""

    __tablename__ = "comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    initiative_id: Mapped[int] = mapped_column(ForeignKey("initiatives.id", ondelete="CASCADE"))
    target: Mapped[CommentTarget] = mapped_column(enum_column(CommentTarget, length=10))
    item_key: Mapped[str | None] = mapped_column(String(120))
    review_id: Mapped[int | None] = mapped_column(ForeignKey("gate_reviews.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Moves on with every edit; an edit names the version it was made from (optimistic lock).
    version: Mapped[int] = mapped_column(Integer, default=1)

    author: Mapped[User | None] = relationship()

    __table_args__ = (
        CheckConstraint("target IN ('item', 'review')", name="target"),
        CheckConstraint(
            "(target = 'item' AND item_key IS NOT NULL AND review_id IS NULL)"
            " OR (target = 'review' AND review_id IS NOT NULL AND item_key IS NULL)",
            name="one_target",
        ),
        Index("ix_comments_thread", "initiative_id", "target", "item_key", "review_id"),
    )


class CommentRevision(Base):
    """The text a comment had before an edit: an edit never loses what was said."""

    __tablename__ = "comment_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(
        ForeignKey("comments.id", ondelete="CASCADE"), index=True
    )
    body: Mapped[str] = mapped_column(Text)
    written_at: Mapped[datetime] = mapped_column(UTCDateTime)
    replaced_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
