"""an index in the order of the portfolio sorted by readiness, most ready first

While every stored readiness holds (app/readiness/queries.all_hold), the portfolio ranks
by the initiative's own `current_readiness`, closed ones (which carry none) last. This
index is that order: the first page is its first rows, not a sort of the whole portfolio
(at 10,000 initiatives on PostgreSQL, 1.6 ms against 3.9). SQLite puts NULLs last in a
descending index anyway, and does not take NULLS LAST in one.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-01 04:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    order = "current_readiness DESC NULLS LAST" if postgres else "current_readiness DESC"
    op.create_index("ix_initiatives_readiness_rank", "initiatives", [sa.text(order), "id"])


def downgrade() -> None:
    op.drop_index("ix_initiatives_readiness_rank", table_name="initiatives")
