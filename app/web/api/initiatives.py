"""JSON API for initiatives, their items and their transitions (bearer token or session)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response, status

from app.domain import permissions
from app.domain.items import ItemUpdate
from app.initiatives import items as initiative_items
from app.initiatives import listing as initiative_listing
from app.initiatives import queries as initiative_queries
from app.initiatives import services as initiatives
from app.initiatives.queries import InitiativeView
from app.regions import services as regions
from app.web.api.paging import PageParam, PerPageParam, asked, page_answer
from app.web.api.schemas.common import listing
from app.web.api.schemas.initiatives import (
    InitiativeIn,
    ItemIn,
    TransitionIn,
    gate_json,
    initiative_json,
    initiative_summary_json,
    item_json,
    transition_json,
)
from app.web.deps import ApiInitiative, ApiUser, SessionDep
from app.web.problems import ERRORS

router = APIRouter(prefix="/api/initiatives", tags=["initiatives"], responses=ERRORS)


def _view_json(view: InitiativeView) -> dict[str, Any]:
    current = view.phase_state
    return initiative_json(
        view.initiative, view.model, view.states, view.gate, current.standings, current.evidence
    )


@router.get("")
def list_initiatives(
    request: Request,
    response: Response,
    session: SessionDep,
    user: ApiUser,
    page: PageParam = None,
    per_page: PerPageParam = None,
) -> dict[str, Any]:
    """All of them, or (given `page` or `per_page`) one page (app.web.api.paging)."""
    if (wanted := asked(page, per_page)) is None:
        rows = initiative_listing.list_initiatives(session, user_id=user.id, role=user.role)
        return listing([_summary(r) for r in rows])
    listed = initiative_listing.initiatives_page(
        session, user_id=user.id, role=user.role, page=wanted[0], per_page=wanted[1],
        past_the_last=True,
    )  # fmt: skip
    return page_answer(request, response, listed, _summary)


def _summary(row: initiative_listing.InitiativeRow) -> dict[str, Any]:
    return {**initiative_summary_json(row.initiative), "required_open": row.required_open}


@router.post("", status_code=status.HTTP_201_CREATED)
def create_initiative(body: InitiativeIn, session: SessionDep, user: ApiUser) -> dict[str, Any]:
    if permissions.can_create_initiative(user.role):  # else the use-case's 403 first
        regions.check_listed(session, body.region)
    created = initiatives.create_initiative(
        session, actor=user, name=body.name, region=body.region, sector=body.sector
    )
    return _view_json(
        initiative_queries.initiative_view(session, user=user, initiative_id=created.id)
    )


@router.get("/{initiative_id}")
def get_initiative(initiative: ApiInitiative, session: SessionDep, user: ApiUser) -> dict[str, Any]:
    return _view_json(initiative_queries.view_of(session, user=user, initiative=initiative))


@router.put("/{initiative_id}/items/{key}", responses={409: {"description": "Not current phase"}})
def put_item(
    initiative_id: int, key: str, body: ItemIn, session: SessionDep, user: ApiUser
) -> dict[str, Any]:
    update = ItemUpdate(body.status, body.note, body.link, body.justification)
    state = initiative_items.update_item(
        session, actor=user, initiative_id=initiative_id, key=key, update=update
    )
    view = initiative_queries.initiative_view(session, user=user, initiative_id=initiative_id)
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
    transition = initiatives.run_transition(
        session,
        actor=user,
        initiative_id=initiative_id,
        trigger=body.trigger,
        reason=body.reason,
        expected_phase=body.expected_phase,
    )
    view = initiative_queries.initiative_view(session, user=user, initiative_id=initiative_id)
    return {
        "phase": view.initiative.phase.value,
        "transition": transition_json(transition),
        "gate": gate_json(view.gate),
    }


@router.get("/{initiative_id}/transitions")
def list_transitions(initiative: ApiInitiative, session: SessionDep) -> dict[str, Any]:
    found = initiative_queries.transitions(session, initiative.id)
    return {"items": [transition_json(t) for t in found]}
