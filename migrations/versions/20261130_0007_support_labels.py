"""support activities and Cluster Excellence labels

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 12:00:00

Only new tables: nothing existing is altered.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SUPPORT_KINDS = (
    "workshop", "advice", "analysis", "matchmaking", "funding_advice", "training", "other",
)  # fmt: skip
AREAS = ("structure", "management", "financing", "services", "interaction", "achievements")


def _audit_columns(table: str) -> list[sa.schema.SchemaItem]:
    return [
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f(f"fk_{table}_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["initiative_id"],
            ["initiatives.id"],
            name=op.f(f"fk_{table}_initiative_id_initiatives"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
    ]


def upgrade() -> None:
    op.create_table(
        "support_activities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("initiative_id", sa.Integer(), nullable=False),
        sa.Column("delivered_on", sa.Date(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(*SUPPORT_KINDS, name="supportkind", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("hours", sa.Numeric(precision=6, scale=2), nullable=False),
        sa.Column("cost_sek", sa.Integer(), nullable=False),
        sa.Column("item_key", sa.String(length=120), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "kind IN ('workshop', 'advice', 'analysis', 'matchmaking', 'funding_advice',"
            " 'training', 'other')",
            name=op.f("ck_support_activities_kind"),
        ),
        sa.CheckConstraint("hours >= 0", name=op.f("ck_support_activities_hours")),
        sa.CheckConstraint("cost_sek >= 0", name=op.f("ck_support_activities_cost_sek")),
        *_audit_columns("support_activities"),
    )
    op.create_index(
        "ix_support_activities_initiative_on",
        "support_activities",
        ["initiative_id", "delivered_on"],
    )

    op.create_table(
        "cluster_labels",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("initiative_id", sa.Integer(), nullable=False),
        sa.Column(
            "level",
            sa.Enum("bronze", "silver", "gold", name="labellevel", native_enum=False, length=10),
            nullable=False,
        ),
        sa.Column("awarded_on", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=False),
        sa.Column("assessing_organisation", sa.String(length=200), nullable=False),
        sa.Column("evidence_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "level IN ('bronze', 'silver', 'gold')", name=op.f("ck_cluster_labels_level")
        ),
        sa.CheckConstraint("valid_until > awarded_on", name=op.f("ck_cluster_labels_validity")),
        sa.ForeignKeyConstraint(
            ["evidence_id"],
            ["evidence.id"],
            name=op.f("fk_cluster_labels_evidence_id_evidence"),
            ondelete="SET NULL",
        ),
        *_audit_columns("cluster_labels"),
    )
    op.create_index(
        "ix_cluster_labels_initiative_awarded", "cluster_labels", ["initiative_id", "awarded_on"]
    )
    op.create_index(op.f("ix_cluster_labels_valid_until"), "cluster_labels", ["valid_until"])

    op.create_table(
        "label_readiness_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("initiative_id", sa.Integer(), nullable=False),
        sa.Column(
            "area",
            sa.Enum(*AREAS, name="readinessarea", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("evidence_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "area IN ('structure', 'management', 'financing', 'services', 'interaction',"
            " 'achievements')",
            name=op.f("ck_label_readiness_notes_area"),
        ),
        sa.ForeignKeyConstraint(
            ["evidence_id"],
            ["evidence.id"],
            name=op.f("fk_label_readiness_notes_evidence_id_evidence"),
            ondelete="SET NULL",
        ),
        *_audit_columns("label_readiness_notes"),
    )
    op.create_index(
        "ix_label_readiness_notes_initiative_area",
        "label_readiness_notes",
        ["initiative_id", "area"],
    )


def downgrade() -> None:
    op.drop_index("ix_label_readiness_notes_initiative_area", table_name="label_readiness_notes")
    op.drop_table("label_readiness_notes")
    op.drop_index(op.f("ix_cluster_labels_valid_until"), table_name="cluster_labels")
    op.drop_index("ix_cluster_labels_initiative_awarded", table_name="cluster_labels")
    op.drop_table("cluster_labels")
    op.drop_index("ix_support_activities_initiative_on", table_name="support_activities")
    op.drop_table("support_activities")
