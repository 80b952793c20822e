"""phase model v2, shared evidence and internationalisation grids

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30 12:00:00

Issue 14. Phase model klusterutveckling/2 is data (app/phases/v2) and needs no schema.
Internationalisation: each assessment records the grid its scores were given under
(every earlier row was given under today's grid, the survey's own), and the
internationalisation programme gets its measures, their target indicators and its
yearly reviews. Only a plain ADD COLUMN and new tables: nothing is copied on SQLite.
"""

import sqlite3
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GRID_BEFORE_GRIDS = "ru-pilot-clusters/1"
KEY_DIRECTIONS = ("science_education", "production_markets", "sociocultural", "organisational")


def upgrade() -> None:
    op.add_column(
        "internationalisation_assessments",
        sa.Column(
            "grid", sa.String(length=40), nullable=False, server_default=GRID_BEFORE_GRIDS
        ),
    )
    op.create_table(
        "programme_measures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("initiative_id", sa.Integer(), nullable=False),
        sa.Column("direction", sa.String(length=30), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "direction IN (" + ", ".join(f"'{d}'" for d in KEY_DIRECTIONS) + ")",
            name=op.f("ck_programme_measures_direction"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_programme_measures_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["initiative_id"],
            ["initiatives.id"],
            name=op.f("fk_programme_measures_initiative_id_initiatives"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programme_measures")),
    )
    op.create_table(
        "programme_indicators",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("measure_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("unit", sa.String(length=40), nullable=True),
        sa.Column("baseline", sa.Float(), nullable=True),
        sa.Column("target", sa.Float(), nullable=True),
        sa.Column("actual", sa.Float(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["measure_id"],
            ["programme_measures.id"],
            name=op.f("fk_programme_indicators_measure_id_programme_measures"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"],
            ["users.id"],
            name=op.f("fk_programme_indicators_updated_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programme_indicators")),
    )
    op.create_table(
        "programme_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("initiative_id", sa.Integer(), nullable=False),
        sa.Column("reviewed_on", sa.Date(), nullable=False),
        sa.Column("body", sa.String(length=200), nullable=False),
        sa.Column("changes", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_programme_reviews_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["initiative_id"],
            ["initiatives.id"],
            name=op.f("fk_programme_reviews_initiative_id_initiatives"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programme_reviews")),
        sa.UniqueConstraint("initiative_id", "reviewed_on", name="uq_programme_reviews_date"),
    )


def downgrade() -> None:
    op.drop_table("programme_reviews")
    op.drop_table("programme_indicators")
    op.drop_table("programme_measures")
    # A plain DROP COLUMN (SQLite 3.35+; the column is in no index or constraint), not a
    # batch copy: env.py's PRAGMA foreign_keys=OFF runs inside the BEGIN that app.db's
    # listener opens, where SQLite ignores it, so copying this parent table would fire ON
    # DELETE CASCADE and empty assessment_scores (tests/migrations/test_migration_0009.py).
    if op.get_bind().dialect.name == "sqlite" and sqlite3.sqlite_version_info < (3, 35):
        # No DROP COLUMN: copy in batch mode, keeping the scores aside meanwhile.
        op.execute("CREATE TEMPORARY TABLE kept_scores AS SELECT * FROM assessment_scores")
        with op.batch_alter_table("internationalisation_assessments", schema=None) as batch_op:
            batch_op.drop_column("grid")
        op.execute("DELETE FROM assessment_scores")
        op.execute("INSERT INTO assessment_scores SELECT * FROM kept_scores")
        op.execute("DROP TABLE kept_scores")
        return
    op.execute("ALTER TABLE internationalisation_assessments DROP COLUMN grid")
