"""The list of initiatives (/initiatives and its API): each with the progress of its current
phase, read from the stored readiness (app/readiness); and the SQL of "settled", which
other features' queries share."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.orm import Session

from app.domain.items import SETTLED, ItemStatus
from app.domain.paging import Page, page_to_read
from app.domain.permissions import Role
from app.evidence.queries import any_piece_serves
from app.initiatives.queries import visible_initiatives
from app.models.evidence import Evidence
from app.models.initiatives import Initiative, ItemState
from app.models.readiness import PhaseReadiness
from app.phases import Category, Phase
from app.readiness import queries as readiness_queries
from app.readiness.rules import holds, progress, progress_of


def settled_clause(today: date) -> ColumnElement[bool]:
    """SQL for "this item no longer blocks its gate", as app.domain.items.standing has it:
    done or not applicable, not awaiting confirmation, and not needing renewal."""
    same_item = (ItemState.initiative_id, ItemState.item_key)  # its own pieces and shared ones
    expired = any_piece_serves(*same_item, Evidence.expires_on < today)
    current = any_piece_serves(
        *same_item,
        Evidence.effective_on <= today,
        or_(Evidence.expires_on.is_(None), Evidence.expires_on >= today),
    )
    needs_renewal = and_(ItemState.status == ItemStatus.DONE.value, expired, ~current)
    return and_(
        ItemState.status.in_([s.value for s in SETTLED]),
        ItemState.needs_confirmation.is_(False),
        ~needs_renewal,
    )


@dataclass
class InitiativeRow:
    """An initiative with the progress of its current phase, for lists."""

    initiative: Initiative
    done: dict[Category, int] = field(default_factory=dict)
    total: dict[Category, int] = field(default_factory=dict)
    required_open: int = 0


def list_initiatives(session: Session, *, user_id: int, role: Role) -> list[InitiativeRow]:
    """Initiatives the user may see, by name, with current-phase progress: one query."""
    query = _with_stored_figures(visible_initiatives(user_id, role))
    return _rows(session, session.execute(query.order_by(Initiative.name, Initiative.id)).all())


def initiatives_page(
    session: Session, *, user_id: int, role: Role, page: int, per_page: int,
    past_the_last: bool = False,
) -> Page[InitiativeRow]:  # fmt: skip
    """One page of `list_initiatives` (1-based), with how many there are in all: a support
    function sees the whole country's, and all of them on one page were 5 MB of HTML at
    10,000. A page past the last as app.domain.paging.page_to_read has it."""
    visible = visible_initiatives(user_id, role)
    total = session.scalar(select(func.count()).select_from(visible.subquery())) or 0
    read = page_to_read(total, page, per_page, past_the_last=past_the_last)
    if read is None:
        return Page([], total, page, per_page)
    page = read
    query = (
        _with_stored_figures(visible)
        .order_by(Initiative.name, Initiative.id)
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    return Page(_rows(session, session.execute(query).all()), total, page, per_page)


def _with_stored_figures(visible: Select[Any]) -> Select[Any]:
    """Each initiative with the stored figures of its current phase (app/readiness)."""
    return visible.add_columns(
        PhaseReadiness.checklists, PhaseReadiness.renewal_due_on, PhaseReadiness.required_open
    ).outerjoin(
        PhaseReadiness,
        and_(
            PhaseReadiness.initiative_id == Initiative.id,
            PhaseReadiness.phase == Initiative.phase,
        ),
    )


def _rows(session: Session, found: Sequence[Any]) -> list[InitiativeRow]:
    """The rows as stored, and counted live for the rare one whose stored figures no longer
    hold today (evidence has expired since), as the portfolio's rows are."""
    today = datetime.now(UTC).date()
    rows = [InitiativeRow(initiative) for initiative, *_ in found]
    stale = [
        row.initiative
        for row, (_, checklists, due, _) in zip(rows, found, strict=True)
        if row.initiative.phase is not Phase.CLOSED and not holds(checklists, due, today)
    ]
    live = readiness_queries.live_figures(session, stale, today)
    for row, (initiative, checklists, due, required_open) in zip(rows, found, strict=True):
        if initiative.phase is Phase.CLOSED:
            continue
        if (figured := live.get(initiative.id)) is not None:
            row.required_open = figured.required_open
            counts = progress_of(figured)
        else:
            row.required_open = required_open
            counts = progress(checklists, due, today)
        for category, (done, total) in counts.items():
            row.done[category], row.total[category] = done, total
    return rows
