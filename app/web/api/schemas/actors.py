"""JSON shapes of an initiative's actors and the facts the register gives."""

from __future__ import annotations

from typing import Any

from app.actors.queries import ActorFacts
from app.models.actors import Actor
from app.web.api.schemas.common import iso


def actor_json(actor: Actor) -> dict[str, Any]:
    return {
        "id": actor.id,
        "name": actor.name,
        "organisation_number": actor.organisation_number,
        "region": actor.region,
        "type": actor.type.value,
        "helix_side": actor.helix_side.value,
        "joined_on": actor.joined_on.isoformat(),
        "left_on": iso(actor.left_on),
    }


def facts_json(facts: ActorFacts) -> dict[str, Any]:
    return {
        "on": facts.on.isoformat(),
        "active": facts.active,
        "companies": facts.companies,
        "by_side": {side.value: n for side, n in facts.by_side.items()},
        "by_type": {kind.value: n for kind, n in facts.by_type.items()},
        "joined": facts.joined,
        "left": facts.left,
    }
