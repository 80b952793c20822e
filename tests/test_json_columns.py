"""JSON columns read with orjson (app.db), and with the standard library where orjson
refuses what json.dumps may have written (NaN), on both databases."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from app.initiatives import services as initiatives
from app.models.readiness import PhaseReadiness
from tests.conftest import People


def test_the_stored_figures_read_back_as_written(session: Session, people: People) -> None:
    made = initiatives.create_initiative(session, actor=people.support, name="Json", region="R")
    session.expire_all()
    stored = session.scalars(
        select(PhaseReadiness).where(PhaseReadiness.initiative_id == made.id)
    ).all()
    assert stored and all(isinstance(row.checklists, dict) for row in stored)
    assert all(isinstance(n, dict) for row in stored for n in row.checklists.values())


def test_what_orjson_refuses_is_read_as_json_dumps_wrote_it(engine: Engine) -> None:
    loads: Callable[[str], Any] = getattr(engine.dialect, "_json_deserializer")  # noqa: B009
    assert loads('{"done": 3, "open": [1, 2.5]}') == {"done": 3, "open": [1, 2.5]}
    assert math.isnan(loads('{"readiness": NaN}')["readiness"])
