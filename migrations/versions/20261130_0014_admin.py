"""administration in the browser: one-time links (invitations, resets) and regions

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-30 13:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ROLES = ("admin", "support", "leadership", "funder")


def upgrade() -> None:
    # New tables only: nothing existing is recreated.
    op.create_table(
        "invitations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "purpose", sa.Enum("invite", "reset", name="linkpurpose", native_enum=False, length=10),
            nullable=False,
        ),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "role", sa.Enum(*ROLES, name="role", native_enum=False, length=20), nullable=True
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("invited_by", sa.Integer(), nullable=True),
        sa.CheckConstraint("purpose IN ('invite', 'reset')", name=op.f("ck_invitations_purpose")),
        sa.CheckConstraint(
            "role IS NULL OR role IN ('admin', 'support', 'leadership', 'funder')",
            name=op.f("ck_invitations_role"),
        ),
        sa.ForeignKeyConstraint(
            ["invited_by"], ["users.id"],
            name=op.f("fk_invitations_invited_by_users"), ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invitations")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_invitations_token_hash")),
    )  # fmt: skip
    op.create_index(op.f("ix_invitations_email"), "invitations", ["email"])
    regions = op.create_table(
        "regions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_regions")),
        sa.UniqueConstraint("name", name=op.f("uq_regions_name")),
    )
    # Seeded with the regions initiatives already name, so every edit form can keep them.
    names = op.get_bind().execute(
        sa.text("SELECT DISTINCT region FROM initiatives WHERE region <> '' ORDER BY region")
    )
    rows = [{"name": name} for (name,) in names]
    if rows:
        op.bulk_insert(regions, rows)


def downgrade() -> None:
    op.drop_table("regions")
    op.drop_index(op.f("ix_invitations_email"), table_name="invitations")
    op.drop_table("invitations")
