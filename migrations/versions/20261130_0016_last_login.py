"""the admin's people page: when each person last logged in; withdrawn invitations

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-30 15:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Nullable columns only: a plain ADD COLUMN on both databases, nothing recreated.
    op.add_column("users", sa.Column("last_login_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column(
        "invitations", sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True)
    )


def downgrade() -> None:
    # DROP COLUMN is native on SQLite >= 3.35 and on PostgreSQL: no batch copy.
    op.drop_column("invitations", "withdrawn_at")
    op.drop_column("users", "last_login_at")
