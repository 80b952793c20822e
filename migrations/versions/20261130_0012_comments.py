"""comments on items and gate reviews, with every earlier text kept

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30 12:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # New tables only: nothing existing is recreated.
    op.create_table(
        "comments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("initiative_id", sa.Integer(), nullable=False),
        sa.Column("target", sa.String(length=10), nullable=False),
        sa.Column("item_key", sa.String(length=120), nullable=True),
        sa.Column("review_id", sa.Integer(), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("edited_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("target IN ('item', 'review')", name=op.f("ck_comments_target")),
        sa.CheckConstraint(
            "(target = 'item' AND item_key IS NOT NULL AND review_id IS NULL)"
            " OR (target = 'review' AND review_id IS NOT NULL AND item_key IS NULL)",
            name=op.f("ck_comments_one_target"),
        ),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"],
            name=op.f("fk_comments_author_id_users"), ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["initiative_id"], ["initiatives.id"],
            name=op.f("fk_comments_initiative_id_initiatives"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["review_id"], ["gate_reviews.id"],
            name=op.f("fk_comments_review_id_gate_reviews"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_comments")),
    )  # fmt: skip
    op.create_index(
        "ix_comments_thread", "comments", ["initiative_id", "target", "item_key", "review_id"]
    )
    op.create_table(
        "comment_revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("comment_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("written_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("replaced_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["comment_id"], ["comments.id"],
            name=op.f("fk_comment_revisions_comment_id_comments"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_comment_revisions")),
    )  # fmt: skip
    op.create_index(
        op.f("ix_comment_revisions_comment_id"), "comment_revisions", ["comment_id"]
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_comment_revisions_comment_id"), table_name="comment_revisions")
    op.drop_table("comment_revisions")
    op.drop_index("ix_comments_thread", table_name="comments")
    op.drop_table("comments")
