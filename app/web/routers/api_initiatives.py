"""JSON API for initiatives, their items and their transitions (bearer token or session)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, status
from sqlalchemy.orm import Session

from app import repositories, services
from app.domain.items import ItemUpdate
from app.models import User
from app.web.deps import ApiUser, SessionDep
from app.web.schemas import (
    InitiativeIn,
    ItemIn,
    TransitionIn,
    gate_json,
    initiative_json,
    initiative_summary_json,
    item_json,
    transition_json,
)

ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "Not authenticated"},
    403: {"description": "Not allowed for this role"},
    404: {"description": "No such initiative or item, or not visible to you"},
    422: {"description": "Invalid input; `detail` says what is wrong"},
}

router = APIRouter(prefix="/api/initiatives", tags=["initiatives"], responses=ERRORS)


@router.get("")
def list_initiatives(session: SessionDep, user: ApiUser) -> dict[str, Any]:
    rows = repositories.list_initiatives(session, user_id=user.id, role=user.role)
    items = [
        {**initiative_summary_json(r.initiative), "required_open": r.required_open} for r in rows
    ]
    return {"items": items, "total": len(items)}


@router.post("", status_code=status.HTTP_201_CREATED)
def create_initiative(body: InitiativeIn, session: SessionDep, user: ApiUser) -> dict[str, Any]:
    initiative = services.create_initiative(
        session, actor=user, name=body.name, region=body.region, sector=body.sector
    )
    return _initiative(session, user, initiative.id)


@router.get("/{initiative_id}")
def get_initiative(initiative_id: int, session: SessionDep, user: ApiUser) -> dict[str, Any]:
    return _initiative(session, user, initiative_id)


def _initiative(session: Session, user: User, initiative_id: int) -> dict[str, Any]:
    view = services.initiative_view(session, user=user, initiative_id=initiative_id)
    current = view.phase_state
    return initiative_json(
        view.initiative, view.model, view.states, view.gate, current.standings, current.evidence
    )


@router.put("/{initiative_id}/items/{key}", responses={409: {"description": "Not current phase"}})
def put_item(
    initiative_id: int, key: str, body: ItemIn, session: SessionDep, user: ApiUser
) -> dict[str, Any]:
    update = ItemUpdate(body.status, body.note, body.link, body.justification)
    state = services.update_item(
        session, actor=user, initiative_id=initiative_id, key=key, update=update
    )
    view = services.initiative_view(session, user=user, initiative_id=initiative_id)
    item = view.model.item(key)
    assert item is not None  # update_item has checked it
    current = view.phase_state
    shown = item_json(item, state, current.standings.get(key), current.evidence.get(key))
    return {**shown, "gate": gate_json(view.gate)}


@router.post(
    "/{initiative_id}/transitions",
    responses={409: {"description": "Refused: `detail` and the `missing` item keys"}},
)
def post_transition(
    initiative_id: int, body: TransitionIn, session: SessionDep, user: ApiUser
) -> dict[str, Any]:
    transition = services.run_transition(
        session,
        actor=user,
        initiative_id=initiative_id,
        trigger=body.trigger,
        reason=body.reason,
        expected_phase=body.expected_phase,
    )
    view = services.initiative_view(session, user=user, initiative_id=initiative_id)
    return {
        "phase": view.initiative.phase.value,
        "transition": transition_json(transition),
        "gate": gate_json(view.gate),
    }


@router.get("/{initiative_id}/transitions")
def list_transitions(initiative_id: int, session: SessionDep, user: ApiUser) -> dict[str, Any]:
    view = services.initiative_view(session, user=user, initiative_id=initiative_id)
    return {"items": [transition_json(t) for t in view.transitions]}
