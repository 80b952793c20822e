"""JSON API for an initiative's actors: the register, today's facts, members over time."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from app import services as core
from app.actors import queries
from app.clock import local_today
from app.models import Actor
from app.web.deps import ApiUser, SessionDep
from app.web.routers.api_initiatives import ERRORS

router = APIRouter(prefix="/api/initiatives", tags=["actors"], responses=ERRORS)


def actor_json(actor: Actor) -> dict[str, Any]:
    return {
        "id": actor.id,
        "name": actor.name,
        "organisation_number": actor.organisation_number,
        "region": actor.region,
        "type": actor.type.value,
        "helix_side": actor.helix_side.value,
        "joined_on": actor.joined_on.isoformat(),
        "left_on": actor.left_on.isoformat() if actor.left_on else None,
    }


@router.get("/{initiative_id}/actors")
def list_actors(initiative_id: int, session: SessionDep, user: ApiUser) -> dict[str, Any]:
    """Every membership period (a re-joined actor has one row per period), current first."""
    core.visible_initiative(session, user, initiative_id)
    facts = queries.facts(session, initiative_id, on=local_today())
    return {
        "items": [actor_json(a) for a in queries.actors(session, initiative_id)],
        "facts": {
            "on": facts.on.isoformat(),
            "active": facts.active,
            "companies": facts.companies,
            "by_side": {side.value: n for side, n in facts.by_side.items()},
            "by_type": {kind.value: n for kind, n in facts.by_type.items()},
            "joined": facts.joined,
            "left": facts.left,
        },
        "member_counts": [
            {"from": day.isoformat(), "members": n}
            for day, n in queries.member_counts(session, initiative_id)
        ],
    }
