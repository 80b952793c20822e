"""JSON API: preview and make an initiative's move to another phase-model version."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from app import model_versions, services
from app.web.deps import ApiUser, SessionDep
from app.web.model_version_schemas import ModelVersionIn, version_change_json
from app.web.routers.api_initiatives import ERRORS
from app.web.schemas import initiative_json

router = APIRouter(prefix="/api/initiatives", tags=["initiatives"], responses=ERRORS)


@router.get("/{initiative_id}/model-version")
def preview(
    initiative_id: int,
    session: SessionDep,
    user: ApiUser,
    to: Annotated[str, Query(min_length=1, max_length=60)],
) -> dict[str, Any]:
    """What moving to `to` would change: the diff and its impact on this initiative."""
    found = model_versions.preview_move(
        session, actor=user, initiative_id=initiative_id, to_version=to
    )
    return {
        "from_version": found.old.version,
        "to_version": found.new.version,
        "may_move": found.may_move,
        "diff": found.impact.diff.as_dict(),
        "impact": found.impact.as_dict(),
    }


@router.post(
    "/{initiative_id}/model-version",
    responses={409: {"description": "The initiative no longer follows `expected_from_version`"}},
)
def move(
    initiative_id: int, body: ModelVersionIn, session: SessionDep, user: ApiUser
) -> dict[str, Any]:
    change = model_versions.move_initiative_to_version(
        session,
        actor=user,
        initiative_id=initiative_id,
        to_version=body.to_version,
        expected_from_version=body.expected_from_version,
    )
    view = services.initiative_view(session, user=user, initiative_id=initiative_id)
    return {
        "initiative": initiative_json(view.initiative, view.model, view.states, view.gate),
        "change": version_change_json(change),
    }


@router.get("/{initiative_id}/model-version-changes")
def changes(initiative_id: int, session: SessionDep, user: ApiUser) -> dict[str, Any]:
    view = services.initiative_view(session, user=user, initiative_id=initiative_id)
    return {"items": [version_change_json(c) for c in view.version_changes]}
