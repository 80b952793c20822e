"""What changed between two versions of the phase model. Pure.

Items are matched by key. The order is stable: by phase, then checklist, then
the item's place in its checklist (the new version's place for added and
changed items, the old one's for removed items).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from app.phases import CATEGORY_ORDER, PHASE_ORDER, Item, Phase, PhaseModel


class DiffField(StrEnum):
    """The fields compared, in the order they are reported."""

    TEXT_SV = "text.sv"
    TEXT_EN = "text.en"
    PHASE = "phase"
    CATEGORY = "category"
    REQUIRED = "required"
    EVIDENCE = "evidence"
    HEADING = "heading"  # a lead-in line shown above items, never ticked


FIELDS: tuple[DiffField, ...] = tuple(DiffField)


def _field(item: Item, name: DiffField) -> object:
    match name:
        case DiffField.TEXT_SV:
            return item.text.sv
        case DiffField.TEXT_EN:
            return item.text.en
        case DiffField.PHASE:
            return item.phase.value
        case DiffField.CATEGORY:
            return item.category.value
        case DiffField.REQUIRED:
            return item.required
        case DiffField.HEADING:
            return item.heading
        case _:
            return item.evidence.value


@dataclass(frozen=True, slots=True)
class ItemChange:
    before: Item
    after: Item
    fields: tuple[DiffField, ...]

    @property
    def key(self) -> str:
        return self.after.key


@dataclass(frozen=True, slots=True)
class ModelDiff:
    from_version: str
    to_version: str
    added: tuple[Item, ...]
    removed: tuple[Item, ...]
    changed: tuple[ItemChange, ...]

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed)

    def in_phase(self, phase: Phase) -> ModelDiff:
        """Only what concerns `phase` (a change that moves an item concerns both phases)."""
        return ModelDiff(
            self.from_version,
            self.to_version,
            tuple(i for i in self.added if i.phase is phase),
            tuple(i for i in self.removed if i.phase is phase),
            tuple(c for c in self.changed if phase in (c.before.phase, c.after.phase)),
        )

    def as_dict(self) -> dict[str, object]:
        return {
            "from_version": self.from_version,
            "to_version": self.to_version,
            "added": [_item_dict(i) for i in self.added],
            "removed": [_item_dict(i) for i in self.removed],
            "changed": [
                {
                    "key": c.key,
                    "fields": list(c.fields),
                    "before": {f: _field(c.before, f) for f in c.fields},
                    "after": {f: _field(c.after, f) for f in c.fields},
                }
                for c in self.changed
            ],
        }


def _item_dict(item: Item) -> dict[str, object]:
    return {
        "key": item.key,
        "phase": item.phase.value,
        "category": item.category.value,
        "text": {"sv": item.text.sv, "en": item.text.en},
        "required": item.required,
        "evidence": item.evidence.value,
        "heading": item.heading,
    }


def _ordered(model: PhaseModel, items: list[Item]) -> tuple[Item, ...]:
    place = {item.key: index for index, item in enumerate(model.items)}

    def sort_key(item: Item) -> tuple[int, int, int]:
        phase = PHASE_ORDER.index(item.phase) if item.phase in PHASE_ORDER else len(PHASE_ORDER)
        return phase, CATEGORY_ORDER.index(item.category), place[item.key]

    return tuple(sorted(items, key=sort_key))


def diff_models(old: PhaseModel, new: PhaseModel) -> ModelDiff:
    old_keys = {i.key for i in old.items}
    new_keys = {i.key for i in new.items}
    changes: dict[str, ItemChange] = {}
    for item in new.items:
        before = old.item(item.key)
        if before is None:
            continue
        fields = tuple(f for f in FIELDS if _field(before, f) != _field(item, f))
        if fields:
            changes[item.key] = ItemChange(before, item, fields)
    changed_items = _ordered(new, [c.after for c in changes.values()])
    return ModelDiff(
        from_version=old.version,
        to_version=new.version,
        added=_ordered(new, [i for i in new.items if i.key not in old_keys]),
        removed=_ordered(old, [i for i in old.items if i.key not in new_keys]),
        changed=tuple(changes[i.key] for i in changed_items),
    )
