"""model versions: the version each item state was recorded under, and version moves

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 08:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_transitions = sa.table(
    "transitions",
    sa.column("id", sa.Integer()),
    sa.column("initiative_id", sa.Integer()),
    sa.column("gate_snapshot", sa.JSON()),
)
_initiatives = sa.table(
    "initiatives", sa.column("id", sa.Integer()), sa.column("model_version", sa.String())
)


def upgrade() -> None:
    # Plain ADD COLUMN (nullable): no table copy on SQLite, so no cascade can fire.
    op.add_column("item_states", sa.Column("model_version", sa.String(length=60), nullable=True))
    op.create_table(
        "model_version_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("initiative_id", sa.Integer(), nullable=False),
        sa.Column("from_version", sa.String(length=60), nullable=False),
        sa.Column("to_version", sa.String(length=60), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("diff", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["users.id"],
            name=op.f("fk_model_version_changes_actor_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["initiative_id"],
            ["initiatives.id"],
            name=op.f("fk_model_version_changes_initiative_id_initiatives"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_model_version_changes")),
    )
    op.create_index(
        "ix_model_version_changes_initiative_created",
        "model_version_changes",
        ["initiative_id", "created_at"],
        unique=False,
    )
    # Until now every state was recorded under its initiative's (only) version.
    op.execute(
        "UPDATE item_states SET model_version = (SELECT initiatives.model_version"
        " FROM initiatives WHERE initiatives.id = item_states.initiative_id)"
        " WHERE model_version IS NULL"
    )
    # A snapshot without a version was taken under the initiative's version of the time.
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(_transitions.c.id, _transitions.c.gate_snapshot, _initiatives.c.model_version)
        .join(_initiatives, _initiatives.c.id == _transitions.c.initiative_id)
    ).all()
    for transition_id, snapshot, version in rows:
        if isinstance(snapshot, dict) and "model_version" not in snapshot:
            connection.execute(
                sa.update(_transitions)
                .where(_transitions.c.id == transition_id)
                .values(gate_snapshot={**snapshot, "model_version": version})
            )


def downgrade() -> None:
    op.drop_index("ix_model_version_changes_initiative_created", table_name="model_version_changes")
    op.drop_table("model_version_changes")
    op.drop_column("item_states", "model_version")
