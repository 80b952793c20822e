"""What the answer to an item's form shows (the item, its checklist's progress, the gate),
read from the stored readiness instead of every item state of the initiative.

The phase's stored figures give the progress and whether any required item is open;
only then are the phase's states read, to name the items that block the gate (and when
the figures no longer hold: evidence expired since they were stored). Four to five
queries, whatever the size of the initiative (tests/web/pages/test_item_save_cost.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from app.domain import permissions
from app.domain.evidence import Piece, facts
from app.domain.gates import Gate, advance_gate
from app.domain.items import Standing, standing
from app.domain.permissions import Role, editable_categories
from app.domain.workflow import available_triggers
from app.initiatives.answer_reads import AnswerReads, answer_reads
from app.initiatives.items import SavedItem
from app.initiatives.queries import InitiativeView, PhaseState, standings_of
from app.models.accounts import User
from app.models.initiatives import Initiative, ItemState
from app.phases import Category, Phase, PhaseModel, get_model
from app.readiness import queries as readiness_queries
from app.readiness.rules import PhaseFigures, PieceFact, StateFact, figures


@dataclass(frozen=True)
class ItemAnswer:
    """`view` holds only what the answer renders: the item's state and evidence, the
    standings the gate needs, the open conditions and the open review; `members` is the
    actor alone when a member (what the item's own links ask). A save's answer without the
    gate (app.initiatives.answer_reads.shows_gate) read no review or conditions: its gate
    leaves them out."""

    view: InitiativeView
    progress: dict[Category, tuple[int, int]]


def item_answer_view(
    session: Session,
    *,
    user: User,
    initiative: Initiative,
    key: str,
    state: ItemState | None,
    on: date,
    saved: SavedItem | None = None,
    reads: AnswerReads | None = None,
) -> ItemAnswer:
    """`initiative` as visible_initiative gave it; `state` the item's state as just saved
    (or read); `saved`, what the save read and stored of the phase, if it saved; `reads`, the
    evidence, review and conditions the save read (app.initiatives.answer_reads; else
    read now)."""
    model = get_model(initiative.model_version)
    phase = initiative.phase
    # Leadership sees an initiative only as a member of its group.
    member = user.role is Role.LEADERSHIP
    reads = reads or answer_reads(session, initiative.id, key)
    pieces, conditions = reads.pieces, reads.conditions
    states = {key: state} if state is not None else {}
    standings: dict[str, Standing] = standings_of(states, pieces, on)
    open_conditions = [c for c in conditions if c.closed_at is None]
    stored = _stored(session, initiative.id, phase, saved)
    holds = stored is not None and (stored.renewal_due_on is None or stored.renewal_due_on >= on)
    progress: dict[Category, tuple[int, int]] = {}
    gate_standings: dict[str, Standing] | None = None
    if stored is not None and holds:
        progress = stored.progress
        if stored.required_open == 0:
            gate_standings = _settled(model, phase)
    if gate_standings is None:  # name what blocks it: the phase's states, read live
        if saved is not None:
            phase_facts, phase_pieces = saved.facts, saved.pieces
        else:
            rows, phase_pieces = readiness_queries.phase_states(session, initiative.id, phase)
            phase_facts = readiness_queries.state_facts(rows.values())
        gate_standings = _standings(phase_facts, phase_pieces, on)
        if not holds:
            progress = _live_progress(model, phase, phase_facts, phase_pieces, on)
        standings = {**gate_standings, **standings}
    labels = [f"#{c.id} {c.text}" for c in open_conditions]
    gate: Gate = advance_gate(model, phase, gate_standings, labels)
    review = reads.review
    closed = phase is Phase.CLOSED
    view = InitiativeView(
        initiative=initiative,
        model=model,
        phase_state=PhaseState(states, pieces, standings, conditions, open_conditions, gate),
        transitions=(),
        reviews=[review] if review is not None else [],
        members=[user] if member else [],
        funders=(),
        editable=frozenset() if closed else editable_categories(user.role, is_member=member),
        may_transition=permissions.can_transition(user.role),
        may_request_review=not closed
        and permissions.can_request_review(user.role, is_member=member),
        may_manage_access=permissions.can_manage_access(user.role),
        triggers=available_triggers(phase),
    )
    return ItemAnswer(view, progress)


@dataclass(frozen=True)
class _Stored:
    """A phase's stored figures, as far as the answer shows them."""

    renewal_due_on: date | None
    required_open: int
    progress: dict[Category, tuple[int, int]]


def _stored(
    session: Session, initiative_id: int, phase: Phase, saved: SavedItem | None
) -> _Stored | None:
    """What the save stored for `phase`, or else (it wrote nothing) what is stored."""
    mine = saved.figures if saved is not None else None
    if mine is not None and mine.phase is phase:
        return _Stored(mine.renewal_due_on, mine.required_open, _figured(mine))
    found = readiness_queries.stored_phase(session, initiative_id, phase)
    if found is None:
        return None
    return _Stored(found.renewal_due_on, found.required_open, _progress(found.checklists))


def _settled(model: PhaseModel, phase: Phase) -> dict[str, Standing]:
    # The stored figures say no required item is open: the gate reads them as such.
    return {item.key: Standing.DONE for item in model.required_items(phase)}


def _progress(checklists: Mapping[str, Mapping[str, int]]) -> dict[Category, tuple[int, int]]:
    return {
        Category(name): (counts["done"], counts["done"] + counts["open"])
        for name, counts in checklists.items()
    }


def _standings(
    states: Iterable[StateFact], pieces: Iterable[PieceFact], on: date
) -> dict[str, Standing]:
    by_key: dict[str, list[Piece]] = {}
    for piece in pieces:
        by_key.setdefault(piece.key, []).append(Piece(piece.effective_on, piece.expires_on, False))
    return {
        s.key: standing(
            s.status,
            needs_confirmation=s.needs_confirmation,
            evidence_expired=facts(by_key.get(s.key, ()), on).needs_renewal,
        )
        for s in states
    }


def _live_progress(
    model: PhaseModel,
    phase: Phase,
    states: Iterable[StateFact],
    pieces: Iterable[PieceFact],
    on: date,
) -> dict[Category, tuple[int, int]]:
    mine = next(iter(figures(model, states, pieces, on, phases=(phase,))), None)
    if mine is None:  # closed: no phase of the model, so no checklists to count
        return {}
    return _figured(mine)


def _figured(mine: PhaseFigures) -> dict[Category, tuple[int, int]]:
    return {c: (n.done, n.done + n.open) for c, n in mine.checklists.items()}
