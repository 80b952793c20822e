"""actors of an initiative and internationalisation assessments

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24 08:31:42.349051

Only new tables: nothing existing is altered.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ACTOR_TYPES = (
    "anchor_company",
    "sme",
    "university",
    "research_institute",
    "public_body",
    "support_organisation",
    "cluster_organisation",
)


def upgrade() -> None:
    op.create_table(
        "actors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("initiative_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("organisation_number", sa.String(length=11), nullable=True),
        sa.Column("region", sa.String(length=120), nullable=False),
        sa.Column(
            "type",
            sa.Enum(*ACTOR_TYPES, name="actortype", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column(
            "helix_side",
            sa.Enum("business", "academia", "public", name="helixside", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("joined_on", sa.Date(), nullable=False),
        sa.Column("left_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "helix_side IN ('business', 'academia', 'public')", name=op.f("ck_actors_helix_side")
        ),
        sa.CheckConstraint(
            "type IN ('anchor_company', 'sme', 'university', 'research_institute',"
            " 'public_body', 'support_organisation', 'cluster_organisation')",
            name=op.f("ck_actors_type"),
        ),
        sa.CheckConstraint("left_on IS NULL OR left_on >= joined_on", name=op.f("ck_actors_period")),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_actors_created_by_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["initiative_id"],
            ["initiatives.id"],
            name=op.f("fk_actors_initiative_id_initiatives"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"], ["users.id"], name=op.f("fk_actors_updated_by_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_actors")),
    )
    op.create_index("ix_actors_initiative_joined", "actors", ["initiative_id", "joined_on"])

    op.create_table(
        "internationalisation_assessments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("initiative_id", sa.Integer(), nullable=False),
        sa.Column("assessed_on", sa.Date(), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("strengths", sa.Text(), nullable=True),
        sa.Column("weaknesses", sa.Text(), nullable=True),
        sa.Column("opportunities", sa.Text(), nullable=True),
        sa.Column("threats", sa.Text(), nullable=True),
        sa.Column("kpis", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "level BETWEEN 1 AND 7", name=op.f("ck_internationalisation_assessments_level")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_internationalisation_assessments_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["initiative_id"],
            ["initiatives.id"],
            name=op.f("fk_internationalisation_assessments_initiative_id_initiatives"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_internationalisation_assessments")),
        sa.UniqueConstraint("initiative_id", "assessed_on", name="uq_assessments_initiative_date"),
    )
    op.create_table(
        "assessment_scores",
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("dimension", sa.String(length=20), nullable=False),
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("score", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "dimension IN ('groups', 'directions', 'geography')",
            name=op.f("ck_assessment_scores_dimension"),
        ),
        sa.CheckConstraint(
            "score IS NULL OR score BETWEEN 0 AND 4", name=op.f("ck_assessment_scores_score")
        ),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["internationalisation_assessments.id"],
            name="fk_assessment_scores_assessment",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("assessment_id", "dimension", "key", name=op.f("pk_assessment_scores")),
    )


def downgrade() -> None:
    op.drop_table("assessment_scores")
    op.drop_table("internationalisation_assessments")
    op.drop_index("ix_actors_initiative_joined", table_name="actors")
    op.drop_table("actors")
