"""Who may set a target date on which item. Pure: no I/O.

Target dates are for results (the Resultat checklist) that are still ahead:
items of the current phase or of a later one. Earlier phases are history.
Support officers, admins and the initiative's own leadership group set them.
"""

from __future__ import annotations

from app.domain.permissions import Role
from app.phases import PHASE_ORDER, Category, Item, Phase

GATING = frozenset({Category.RESULTS, Category.STARTING_POINT})


def may_set_target_date(role: Role, *, is_member: bool, item: Item, phase: Phase) -> bool:
    if role not in {Role.ADMIN, Role.SUPPORT} and not (role is Role.LEADERSHIP and is_member):
        return False
    # The checklists that gate: Resultat, and the starting point's own (klusterutveckling/2).
    if item.category not in GATING or phase not in PHASE_ORDER:
        return False
    return PHASE_ORDER.index(item.phase) >= PHASE_ORDER.index(phase)
