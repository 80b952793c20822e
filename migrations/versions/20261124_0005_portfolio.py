"""portfolio monitoring: region settings, target dates, digest opt-out, activity index

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24 08:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "region_settings",
        sa.Column("region", sa.String(length=120), nullable=False),
        sa.Column("stalled_after_days", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "stalled_after_days > 0", name=op.f("ck_region_settings_stalled_after_days")
        ),
        sa.PrimaryKeyConstraint("region", name=op.f("pk_region_settings")),
    )
    # Plain added columns only: no table rebuild, so no SQLite batch-mode data-loss risk.
    op.add_column("item_states", sa.Column("target_date", sa.Date(), nullable=True))
    op.create_index(
        "ix_item_states_initiative_updated",
        "item_states",
        ["initiative_id", "updated_at"],
        unique=False,
    )
    op.add_column(
        "users",
        sa.Column("digest_opt_out", sa.Boolean(), server_default=sa.false(), nullable=False),
    )


def downgrade() -> None:
    # DROP COLUMN is native on SQLite >= 3.35 and on PostgreSQL: no batch recreate.
    op.drop_column("users", "digest_opt_out")
    op.drop_index("ix_item_states_initiative_updated", table_name="item_states")
    op.drop_column("item_states", "target_date")
    op.drop_table("region_settings")
