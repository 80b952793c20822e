"""initiatives carry the stored readiness of their current phase, for ranking; an index
on their names as the portfolio sorts them

The portfolio sorted by readiness ranked every initiative through a look-up into
phase_readiness each; a column of the initiative's own row sorts without one. Sorted by
name (its first page), it sorted every initiative by lower(name); the index hands over
the first fifty. The sectors get an index too: the filter's options walk it.

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-30 18:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CURRENT = (
    "FROM phase_readiness WHERE phase_readiness.initiative_id = initiatives.id"
    " AND phase_readiness.phase = initiatives.phase"
)


def upgrade() -> None:
    # Nullable columns only: a plain ADD COLUMN on both databases, nothing recreated.
    op.add_column("initiatives", sa.Column("current_readiness", sa.Float(), nullable=True))
    op.add_column("initiatives", sa.Column("current_renewal_due_on", sa.Date(), nullable=True))
    op.execute(
        f"UPDATE initiatives SET current_readiness = (SELECT readiness {CURRENT}),"
        f" current_renewal_due_on = (SELECT renewal_due_on {CURRENT})"
    )
    op.create_index("ix_initiatives_lower_name", "initiatives", [sa.text("lower(name)"), "id"])
    op.create_index("ix_initiatives_sector", "initiatives", ["sector"])


def downgrade() -> None:
    op.drop_index("ix_initiatives_sector", table_name="initiatives")
    op.drop_index("ix_initiatives_lower_name", table_name="initiatives")
    # DROP COLUMN is native on SQLite >= 3.35 and on PostgreSQL: no batch copy.
    op.drop_column("initiatives", "current_renewal_due_on")
    op.drop_column("initiatives", "current_readiness")
