"""JSON API for an initiative's actors: the register, today's facts, members over time."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from app.actors import queries
from app.clock import local_today
from app.web.api.schemas.actors import actor_json, facts_json
from app.web.deps import ApiInitiative, SessionDep
from app.web.problems import ERRORS

router = APIRouter(prefix="/api/initiatives", tags=["actors"], responses=ERRORS)


@router.get("/{initiative_id}/actors")
def list_actors(initiative: ApiInitiative, session: SessionDep) -> dict[str, Any]:
    """Every membership period (a re-joined actor has one row per period), current first."""
    return {
        "items": [actor_json(a) for a in queries.actors(session, initiative.id)],
        "facts": facts_json(queries.facts(session, initiative.id, on=local_today())),
        "member_counts": [
            {"from": day.isoformat(), "members": n}
            for day, n in queries.member_counts(session, initiative.id)
        ],
    }
