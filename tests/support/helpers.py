"""What the support and Cluster Excellence tests share: audit look-ups, the Processtöd items
of an initiative's model, and a version that has a Processtöd item the initiative's has not."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import phases
from app.domain.items import ItemStatus, ItemUpdate
from app.domain.workflow import Trigger
from app.initiatives import items as initiative_items
from app.initiatives import services as initiatives
from app.models.audit import AuditEntry
from app.models.initiatives import Initiative
from app.models.support import SupportActivity
from app.phases import Category, Item, Phase, PhaseModel, Text, get_model, registry
from app.phases.derive import derive

EXTRA_SUPPORT_KEY = "pilot.support.test_only_matchmaking_day"


def entries(session: Session, initiative_id: int, action: str) -> list[AuditEntry]:
    return list(
        session.scalars(
            select(AuditEntry)
            .where(AuditEntry.initiative_id == initiative_id, AuditEntry.action == action)
            .order_by(AuditEntry.seq)
        )
    )


def activity_count(session: Session, initiative_id: int) -> int:
    return (
        session.scalar(select(func.count()).where(SupportActivity.initiative_id == initiative_id))
        or 0
    )


def support_keys(initiative: Initiative) -> list[str]:
    model = get_model(initiative.model_version)
    return [i.key for i in model.items if i.category is Category.SUPPORT and not i.heading]


def other_key(initiative: Initiative, category: Category) -> str:
    """An item of `category` in the phase the initiative is in."""
    model = get_model(initiative.model_version)
    return next(
        i.key
        for i in model.items
        if i.category is category and i.phase is initiative.phase and not i.heading
    )


def into_initiation(session: Session, people: Any, initiative: Initiative) -> None:
    """Settle the starting point's required items and advance: Processtöd begins there."""
    model = get_model(initiative.model_version)
    for item in model.required_items(Phase.STARTING_POINT):
        initiative_items.update_item(
            session, actor=people.admin, initiative_id=initiative.id, key=item.key,
            update=ItemUpdate(ItemStatus.DONE, note="Klart", link="https://example.se/bevis"),
        )  # fmt: skip
    initiatives.run_transition(
        session, actor=people.support, initiative_id=initiative.id, trigger=Trigger.ADVANCE
    )
    session.refresh(initiative)


def current_support_key(initiative: Initiative) -> str:
    """A Processtöd item of the phase the initiative is in (so it may be ticked)."""
    model = get_model(initiative.model_version)
    return next(
        i.key
        for i in model.items
        if i.category is Category.SUPPORT and i.phase is initiative.phase and not i.heading
    )


def activity(**raw: Any) -> dict[str, Any]:
    return {"on": "2026-01-15", "kind": "advice", "hours": "1", **raw}


@pytest.fixture
def later_version(initiative: Initiative, tmp_path: Path) -> Iterator[PhaseModel]:
    """A version published after the one the initiative follows, with one Processtöd item
    more: its key is a Processtöd item of some model, but not of the initiative's."""
    path = tmp_path / "published.json"
    shutil.copy(registry.PUBLISHED_PATH, path)
    extra = Item(
        EXTRA_SUPPORT_KEY, Phase.PILOT, Category.SUPPORT,
        Text("Matchmakingdag", "Matchmaking day"), required=False,
    )  # fmt: skip
    model = derive(get_model(initiative.model_version), "klusterutveckling/test-support",
                   add=[extra])  # fmt: skip
    record = registry.publish(model, module="tests.support.helpers", on=date(2026, 11, 30),
                              path=path)  # fmt: skip
    phases.register(model, record)
    try:
        yield model
    finally:
        phases.unregister(model.version)
