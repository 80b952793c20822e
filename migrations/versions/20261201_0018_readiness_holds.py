"""indexes that tell whether every stored readiness holds today

The portfolio sorted by readiness ranks by the stored figure alone when no initiative's
figures are past their renewal date or missing; these two indexes answer that in two
look-ups, whatever the size of the portfolio (app/readiness/queries.all_hold).

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-01 02:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Closed initiatives have no readiness: only an open one without it is unranked. Written
# out, not bound: a planner uses a partial index only where the query says the same.
UNRANKED = sa.text("current_readiness IS NULL AND phase <> 'closed'")


def upgrade() -> None:
    op.create_index(
        "ix_initiatives_current_renewal_due_on", "initiatives", ["current_renewal_due_on"]
    )
    op.create_index(
        "ix_initiatives_unranked", "initiatives", ["id"],
        postgresql_where=UNRANKED, sqlite_where=UNRANKED,
    )  # fmt: skip


def downgrade() -> None:
    op.drop_index("ix_initiatives_unranked", table_name="initiatives")
    op.drop_index("ix_initiatives_current_renewal_due_on", table_name="initiatives")
