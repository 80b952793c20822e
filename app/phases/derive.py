"""Write a new version as its changes to an earlier one.

A package `app/phases/vN/` can build its MODEL as
`derive(v1.MODEL, "klusterutveckling/N", reword=..., add=..., remove=..., required=...)`,
so the earlier version's data stays untouched and the change reads as a list.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

from app.phases.types import Checklist, Item, PhaseModel, PhaseSpec, Text


def derive(
    base: PhaseModel,
    version: str,
    *,
    reword: Mapping[str, Text] | None = None,
    add: Iterable[Item] = (),
    remove: Iterable[str] = (),
    required: Mapping[str, bool] | None = None,
) -> PhaseModel:
    """`base` with items reworded, added (at the end of their checklist), removed or re-gated."""
    reword, required = dict(reword or {}), dict(required or {})
    removed, added = set(remove), list(add)
    unknown = (set(reword) | set(required) | removed) - {i.key for i in base.items}
    if unknown:
        raise ValueError(f"no such items in {base.version}: {sorted(unknown)}")

    def changed(item: Item) -> Item:
        item = replace(item, text=reword.get(item.key, item.text))
        return replace(item, required=required.get(item.key, item.required))

    def checklist(spec: PhaseSpec, old: Checklist) -> Checklist:
        kept = tuple(changed(i) for i in old.items if i.key not in removed)
        new = tuple(i for i in added if i.phase is spec.phase and i.category is old.category)
        return replace(old, items=kept + new)

    phases = tuple(
        replace(spec, checklists=tuple(checklist(spec, c) for c in spec.checklists))
        for spec in base.phases
    )
    placed = {i.key for spec in phases for i in spec.items}
    homeless = [i.key for i in added if i.key not in placed]
    if homeless:
        raise ValueError(f"no checklist for the added items {homeless}")
    return PhaseModel(version=version, title=base.title, source=base.source, phases=phases)
