"""The support log neither offers nor accepts a heading of phase model v2 as the item an
activity delivers (headings are never ticked)."""

from __future__ import annotations

import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session

from app import errors
from app.models.initiatives import Initiative
from app.phases import Category, get_model
from app.support import services
from tests.conftest import People
from tests.support.helpers import activity

V2 = get_model("klusterutveckling/2")
HEADINGS = [h.key for h in V2.headings if h.category is Category.SUPPORT]


def test_headings_are_neither_offered_nor_accepted(
    session: Session, people: People, initiative: Initiative
) -> None:
    assert HEADINGS  # v2 has Processtöd headings
    session.execute(
        update(Initiative).where(Initiative.id == initiative.id).values(model_version=V2.version)
    )
    session.commit()
    session.refresh(initiative)
    offered = services.items_of(session, user=people.support, initiative_id=initiative.id)
    assert offered and not set(HEADINGS) & set(offered)
    assert all(not item.heading for item in offered.values())
    with pytest.raises(errors.InvalidInput) as refused:
        services.record_activity(
            session, user=people.support, initiative_id=initiative.id,
            raw=activity(item_key=HEADINGS[0]),
        )  # fmt: skip
    assert (refused.value.field, refused.value.code) == ("item_key", "unknown_support_item")
