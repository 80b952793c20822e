"""JSON API: preview and make an initiative's move to another phase-model version."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from app.initiatives import queries as initiative_queries
from app.versions import services as model_versions
from app.web.api.schemas.initiatives import initiative_json
from app.web.api.schemas.versions import ModelVersionIn, version_change_json
from app.web.deps import ApiInitiative, ApiUser, SessionDep
from app.web.problems import ERRORS

router = APIRouter(prefix="/api/initiatives", tags=["initiatives"], responses=ERRORS)


@router.get("/{initiative_id}/model-version")
def preview(
    initiative: ApiInitiative,
    session: SessionDep,
    user: ApiUser,
    to: Annotated[str, Query(min_length=1, max_length=60)],
) -> dict[str, Any]:
    """What moving to `to` would change: the diff and its impact on this initiative."""
    found = model_versions.preview_move(
        session, actor=user, initiative_id=initiative.id, to_version=to
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
    view = initiative_queries.initiative_view(session, user=user, initiative_id=initiative_id)
    return {
        "initiative": initiative_json(view.initiative, view.model, view.states, view.gate),
        "change": version_change_json(change),
    }


@router.get("/{initiative_id}/model-version-changes")
def changes(initiative: ApiInitiative, session: SessionDep) -> dict[str, Any]:
    found = initiative_queries.version_changes(session, initiative.id)
    return {"items": [version_change_json(c) for c in found]}
