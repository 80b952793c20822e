"""evidence shared across items: a piece serves further items of its initiative

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-30 15:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A new table only: nothing existing is recreated, and a piece's own item stays
    # evidence.item_key, so nothing needs a backfill.
    op.create_table(
        "evidence_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("evidence_id", sa.Integer(), nullable=False),
        sa.Column("initiative_id", sa.Integer(), nullable=False),
        sa.Column("item_key", sa.String(length=120), nullable=False),
        sa.Column("attached_by_id", sa.Integer(), nullable=True),
        sa.Column("attached_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["evidence_id"], ["evidence.id"],
            name=op.f("fk_evidence_links_evidence_id_evidence"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["initiative_id"], ["initiatives.id"],
            name=op.f("fk_evidence_links_initiative_id_initiatives"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["attached_by_id"], ["users.id"],
            name=op.f("fk_evidence_links_attached_by_id_users"), ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence_links")),
        sa.UniqueConstraint(
            "evidence_id", "item_key", name=op.f("uq_evidence_links_evidence_item")
        ),
    )  # fmt: skip
    op.create_index(
        "ix_evidence_links_initiative_item", "evidence_links", ["initiative_id", "item_key"]
    )


def downgrade() -> None:
    op.drop_index("ix_evidence_links_initiative_item", table_name="evidence_links")
    op.drop_table("evidence_links")
