"""Moving an initiative to another version of the phase model: who, and what it changes. Pure."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from app.domain.gates import Gate, advance_gate
from app.domain.items import SETTLED, ItemStatus
from app.domain.model_diff import ItemChange, ModelDiff, diff_models
from app.domain.permissions import Role
from app.phases import Item, Phase, PhaseModel


def can_move_version(role: Role) -> bool:
    # Support officers and admins move initiatives; everyone who sees one may read the diff.
    return role in {Role.ADMIN, Role.SUPPORT}


def is_ticked(status: ItemStatus) -> bool:
    """The one place this module decides whether an item's state counts as settled."""
    return status in SETTLED


@dataclass(frozen=True, slots=True)
class MoveImpact:
    diff: ModelDiff
    work_phase: Phase  # the current phase, or the one a closed initiative stopped in
    ticks_kept_read_only: tuple[Item, ...]  # removed items that were ticked: kept, read-only
    new_open: tuple[Item, ...]  # items new in the work phase: they start open
    # Ticked items the new version makes headings: the tick stays on record, counts no more.
    ticks_on_headings: tuple[Item, ...]
    changed_here: tuple[ItemChange, ...]
    gate_before: Gate
    gate_after: Gate

    @property
    def gate_changes(self) -> bool:
        before, after = self.gate_before, self.gate_after
        return before.allowed != after.allowed or set(before.missing) != set(after.missing)

    def as_dict(self) -> dict[str, object]:
        return {
            "phase": self.work_phase.value,
            "ticks_kept_read_only": [i.key for i in self.ticks_kept_read_only],
            "new_open": [i.key for i in self.new_open],
            "ticks_on_headings": [i.key for i in self.ticks_on_headings],
            "changed": [c.key for c in self.changed_here],
            "gate_before": self.gate_before.as_dict(),
            "gate_after": self.gate_after.as_dict(),
            "gate_changes": self.gate_changes,
        }


def move_impact(
    old: PhaseModel,
    new: PhaseModel,
    *,
    phase: Phase,
    closed_from: Phase | None,
    statuses: Mapping[str, ItemStatus],
) -> MoveImpact:
    diff = diff_models(old, new)
    work = closed_from if phase is Phase.CLOSED and closed_from else phase
    here = diff.in_phase(work)
    return MoveImpact(
        diff=diff,
        work_phase=work,
        ticks_kept_read_only=tuple(
            i for i in diff.removed if is_ticked(statuses.get(i.key, ItemStatus.OPEN))
        ),
        new_open=tuple(
            i for i in here.added if not is_ticked(statuses.get(i.key, ItemStatus.OPEN))
        ),
        ticks_on_headings=tuple(
            c.after
            for c in diff.changed
            if c.after.heading
            and not c.before.heading
            and is_ticked(statuses.get(c.key, ItemStatus.OPEN))
        ),
        changed_here=here.changed,
        gate_before=advance_gate(old, phase, statuses),
        gate_after=advance_gate(new, phase, statuses),
    )
