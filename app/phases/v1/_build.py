"""Shared helper for writing the v1 phase modules: one item factory per phase."""

from __future__ import annotations

from typing import Protocol

from app.phases.types import Category, Evidence, Item, Phase, Text


class ItemFactory(Protocol):
    def __call__(
        self,
        category: Category,
        slug: str,
        sv: str,
        en: str,
        *,
        evidence: Evidence = Evidence.NONE,
    ) -> Item: ...


def item_factory(phase: Phase) -> ItemFactory:
    """Return a builder for `phase`'s items.

    The key is "<phase>.<category>.<slug>"; results items, and every item of the
    starting point, are required.
    """

    def make(
        category: Category,
        slug: str,
        sv: str,
        en: str,
        *,
        evidence: Evidence = Evidence.NONE,
    ) -> Item:
        return Item(
            key=f"{phase.value}.{category.value}.{slug}",
            phase=phase,
            category=category,
            text=Text(sv=sv, en=en),
            required=category is Category.RESULTS or phase is Phase.STARTING_POINT,
            evidence=evidence,
        )

    return make
