"""grants and funding organisations

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 12:00:00

Only new tables: nothing existing is altered.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PHASE_VALUES = "'starting_point', 'initiation', 'pilot', 'establishment', 'sustainability'"


def upgrade() -> None:
    op.create_table(
        "funding_organisations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_funding_organisations_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_funding_organisations")),
        sa.UniqueConstraint("name", name=op.f("uq_funding_organisations_name")),
    )
    op.create_table(
        "grants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("initiative_id", sa.Integer(), nullable=False),
        sa.Column("funding_organisation_id", sa.Integer(), nullable=False),
        sa.Column("programme", sa.String(length=200), nullable=True),
        sa.Column("amount_sek", sa.BigInteger(), nullable=False),
        sa.Column("cofinancing_sek", sa.BigInteger(), nullable=False),
        sa.Column("cofinancing_cash_sek", sa.BigInteger(), nullable=True),
        sa.Column("cofinancing_in_kind_sek", sa.BigInteger(), nullable=True),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("amount_sek > 0", name=op.f("ck_grants_amount")),
        sa.CheckConstraint(
            "cofinancing_sek >= 0 AND ((cofinancing_cash_sek IS NULL AND "
            "cofinancing_in_kind_sek IS NULL) OR (cofinancing_cash_sek >= 0 AND "
            "cofinancing_in_kind_sek >= 0 AND "
            "cofinancing_cash_sek + cofinancing_in_kind_sek = cofinancing_sek))",
            name=op.f("ck_grants_cofinancing"),
        ),
        sa.CheckConstraint("ends_on >= starts_on", name=op.f("ck_grants_period")),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_grants_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["funding_organisation_id"],
            ["funding_organisations.id"],
            name=op.f("fk_grants_funding_organisation_id_funding_organisations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["initiative_id"],
            ["initiatives.id"],
            name=op.f("fk_grants_initiative_id_initiatives"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_grants")),
    )
    op.create_index(op.f("ix_grants_initiative_id"), "grants", ["initiative_id"])
    op.create_index(
        op.f("ix_grants_funding_organisation_id"), "grants", ["funding_organisation_id"]
    )
    op.create_table(
        "grant_phases",
        sa.Column("grant_id", sa.Integer(), nullable=False),
        sa.Column(
            "phase",
            sa.Enum(
                "starting_point",
                "initiation",
                "pilot",
                "establishment",
                "sustainability",
                "closed",
                name="phase",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.CheckConstraint(f"phase IN ({PHASE_VALUES})", name=op.f("ck_grant_phases_phase")),
        sa.ForeignKeyConstraint(
            ["grant_id"],
            ["grants.id"],
            name=op.f("fk_grant_phases_grant_id_grants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("grant_id", "phase", name=op.f("pk_grant_phases")),
    )
    op.create_index("ix_grant_phases_phase", "grant_phases", ["phase"])
    op.create_table(
        "grant_reporting_dates",
        sa.Column("grant_id", sa.Integer(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["grant_id"],
            ["grants.id"],
            name=op.f("fk_grant_reporting_dates_grant_id_grants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("grant_id", "due_on", name=op.f("pk_grant_reporting_dates")),
    )
    op.create_index("ix_grant_reporting_dates_due_on", "grant_reporting_dates", ["due_on"])


def downgrade() -> None:
    op.drop_index("ix_grant_reporting_dates_due_on", table_name="grant_reporting_dates")
    op.drop_table("grant_reporting_dates")
    op.drop_index("ix_grant_phases_phase", table_name="grant_phases")
    op.drop_table("grant_phases")
    op.drop_index(op.f("ix_grants_funding_organisation_id"), table_name="grants")
    op.drop_index(op.f("ix_grants_initiative_id"), table_name="grants")
    op.drop_table("grants")
    op.drop_table("funding_organisations")
