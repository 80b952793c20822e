"""The columns of the portfolio's rows for a set of initiatives: scores, checklist
progress, support delivered, grants and the label in force.

Progress is the stored figures of the current phase (app/readiness); items are counted
live only for the rare initiative whose figures no longer hold today. The dashboard's
statement is built once an hour, its page's ids bound at run time: building and keying
a statement this size cost SQLAlchemy more than SQLite takes to run it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import Integer, Select, and_, bindparam, func, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import aliased

from app.excellence import queries as excellence_queries
from app.grants.queries import grant_figures
from app.models.initiatives import Initiative
from app.models.readiness import PhaseReadiness
from app.portfolio.scores import scores
from app.support import queries as support_queries

# The initiative's own columns of a row: plain values, not an entity (an export reads
# thousands of rows, and building an instance for each cost more than the query).
ROW_COLUMNS = (
    Initiative.id, Initiative.name, Initiative.region, Initiative.sector, Initiative.phase,
    Initiative.closed_from, Initiative.model_version, Initiative.phase_entered_at,
)  # fmt: skip


def with_figures(
    ids: Any,
    now: datetime,
    *columns: Any,
    stored_readiness: bool = False,
    narrow: Callable[[Select[Any]], Select[Any]] | None = None,
) -> Select[Any]:
    """Initiatives whose id is in `ids` with `columns`, then the figures every row shows:
    support delivered, the label in force, the stored figures of the current phase (its
    readiness too, if asked) and the grants. `narrow`: the WHERE clauses that pick `ids`,
    applied to the select itself (as `id IN (ids)`, PostgreSQL joined the initiatives to
    themselves, a look-up a row: 10,000 of them in an export)."""
    stored = aliased(PhaseReadiness, name="stored")
    grants = grant_figures(ids, now)
    support = support_queries.totals_by_initiative(ids)
    level, valid_until = excellence_queries.label_in_force(now.date())
    if stored_readiness:
        columns = (*columns, stored.readiness.label("readiness"))
    query = (
        select(
            *ROW_COLUMNS,
            *columns,
            func.coalesce(support.c.support_activities, 0).label("support_activities"),
            func.coalesce(support.c.support_hours, 0).label("support_hours"),
            func.coalesce(support.c.support_cost_sek, 0).label("support_cost_sek"),
            level.label("label_level"),
            valid_until.label("label_valid_until"),
            stored.checklists.label("checklists"),
            stored.renewal_due_on.label("renewal_due_on"),
            grants.c.granted_sek,
            grants.c.cofinancing_sek,
            grants.c.grant_ending_on,
        )
        .outerjoin(
            stored,
            and_(stored.initiative_id == Initiative.id, stored.phase == Initiative.phase),
        )
        .outerjoin(grants, grants.c.initiative_id == Initiative.id)
        .outerjoin(support, support.c.initiative_id == Initiative.id)
    )
    return narrow(query) if narrow is not None else query.where(Initiative.id.in_(ids))


@lru_cache(maxsize=8)
def page_rows(dialect: str, hour: datetime) -> Select[Any]:
    """The rows of the ids bound as `ids`, with the stored readiness and checklists of the
    current phase as they are (the caller checks that they hold today) and last activity.
    `hour` carries the day, UTC and local (for the grants ending soon): an hour builds it
    once. Small on purpose: PostgreSQL plans it on every execution.

    On PostgreSQL the ids are one array parameter, not one per id: psycopg keeps a
    statement's parsed form only up to 50 parameters, and a page of 50 ids bound 150 (the
    ids are asked for three times), so it parsed the whole statement again on every view
    of the portfolio."""
    ids: Any = bindparam("ids", expanding=True)
    if dialect == "postgresql":
        ids = select(func.unnest(bindparam("ids", type_=ARRAY(Integer)))).scalar_subquery()
    (last_activity,) = scores(
        dialect, now=hour, default_stalled_days=0, thresholds={}, only=frozenset({"last_activity"})
    )
    return with_figures(ids, hour, last_activity, stored_readiness=True)
