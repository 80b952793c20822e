"""stored readiness per initiative and phase (phase_readiness), backfilled

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-30 13:00:00
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PHASES = ("starting_point", "initiation", "pilot", "establishment", "sustainability", "closed")


def upgrade() -> None:
    table = op.create_table(
        "phase_readiness",
        sa.Column("initiative_id", sa.Integer(), nullable=False),
        sa.Column(
            "phase", sa.Enum(*PHASES, name="phase", native_enum=False, length=20), nullable=False
        ),
        sa.Column("done", sa.Integer(), nullable=False),
        sa.Column("open", sa.Integer(), nullable=False),
        sa.Column("required_total", sa.Integer(), nullable=False),
        sa.Column("required_open", sa.Integer(), nullable=False),
        sa.Column("needs_renewal", sa.Integer(), nullable=False),
        sa.Column("needs_confirmation", sa.Integer(), nullable=False),
        sa.Column("readiness", sa.Float(), nullable=False),
        sa.Column("renewal_due_on", sa.Date(), nullable=True),
        sa.Column("checklists", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["initiative_id"], ["initiatives.id"],
            name=op.f("fk_phase_readiness_initiative_id_initiatives"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("initiative_id", "phase", name=op.f("pk_phase_readiness")),
    )  # fmt: skip
    op.create_index(
        "ix_phase_readiness_phase_readiness",
        "phase_readiness",
        ["phase", "readiness", "initiative_id"],
    )
    _backfill(table)


def _backfill(table: sa.Table) -> None:
    # The same pure rules the application keeps the table with.
    from app.domain.items import ItemStatus
    from app.phases import get_model
    from app.readiness.rules import PieceFact, StateFact, figures

    bind = op.get_bind()
    today = datetime.now(UTC).date()
    versions = dict(bind.execute(sa.text("SELECT id, model_version FROM initiatives")).all())
    states: dict[int, list[StateFact]] = {i: [] for i in versions}
    pieces: dict[int, list[PieceFact]] = {i: [] for i in versions}
    for initiative_id, key, status, confirm in bind.execute(
        sa.text("SELECT initiative_id, item_key, status, needs_confirmation FROM item_states")
    ):
        states[initiative_id].append(StateFact(key, ItemStatus(status), bool(confirm)))
    for initiative_id, key, effective, expires in bind.execute(
        sa.text(
            "SELECT initiative_id, item_key, effective_on, expires_on FROM evidence"
            " WHERE withdrawn_at IS NULL"
        )
    ):
        pieces[initiative_id].append(PieceFact(key, _day(effective), _day(expires)))
    rows = []
    for initiative_id, version in versions.items():
        model = get_model(version)
        for found in figures(model, states[initiative_id], pieces[initiative_id], today):
            row = found.row()
            row["phase"] = found.phase.value
            rows.append({"initiative_id": initiative_id, **row})
    if rows:
        op.bulk_insert(table, rows)


def _day(value):  # type: ignore[no-untyped-def]
    # SQLite hands dates back as text through a plain text() query.
    if value is None or not isinstance(value, str):
        return value
    return datetime.fromisoformat(value).date()


def downgrade() -> None:
    op.drop_index("ix_phase_readiness_phase_readiness", table_name="phase_readiness")
    op.drop_table("phase_readiness")
