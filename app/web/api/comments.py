"""JSON API for comment threads on items and gate reviews."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, status
from pydantic import BaseModel, Field

from app import clock
from app.comments import queries
from app.comments import services as comments
from app.comments.rules import BODY_MAX
from app.models.comments import Comment, CommentRevision
from app.reviews import services as review_services
from app.web.deps import ApiInitiative, ApiUser, SessionDep
from app.web.problems import ERRORS

router = APIRouter(prefix="/api", tags=["comments"], responses=ERRORS)


class CommentIn(BaseModel):
    body: str = Field(max_length=BODY_MAX * 2)  # the use-case says the real limit by code


class CommentEditIn(CommentIn):
    version: int | None = Field(default=None, ge=1, le=2**31 - 1)  # the version edited from


def comment_json(comment: Comment, revisions: list[CommentRevision]) -> dict[str, Any]:
    return {
        "id": comment.id,
        "initiative_id": comment.initiative_id,
        "item_key": comment.item_key,
        "review_id": comment.review_id,
        "author": comment.author.name if comment.author else None,
        "body": comment.body,
        "created_at": comment.created_at.isoformat(),
        "edited_at": comment.edited_at.isoformat() if comment.edited_at else None,
        "version": comment.version,
        "earlier_versions": [
            {"body": r.body, "written_at": r.written_at.isoformat()} for r in revisions
        ],
    }


def _thread(found: list[Comment], session: SessionDep) -> dict[str, Any]:
    earlier = queries.revisions_of(session, [c.id for c in found])
    return {"items": [comment_json(c, earlier[c.id]) for c in found]}


@router.get("/initiatives/{initiative_id}/items/{key}/comments")
def item_comments(key: str, initiative: ApiInitiative, session: SessionDep) -> dict[str, Any]:
    return _thread(queries.thread(session, initiative_id=initiative.id, item_key=key), session)


@router.post(
    "/initiatives/{initiative_id}/items/{key}/comments", status_code=status.HTTP_201_CREATED
)
def comment_on_item(
    initiative_id: int, key: str, body: CommentIn, session: SessionDep, user: ApiUser
) -> dict[str, Any]:
    made = comments.add_comment(
        session,
        actor=user,
        initiative_id=initiative_id,
        item_key=key,
        body=body.body,
        now=clock.utc_now(),
    )
    return comment_json(made, [])


@router.get("/gate-reviews/{review_id}/comments")
def review_comments(review_id: int, session: SessionDep, user: ApiUser) -> dict[str, Any]:
    review = review_services.review_of(session, user=user, review_id=review_id)
    found = queries.thread(session, initiative_id=review.initiative_id, review_id=review_id)
    return _thread(found, session)


@router.post("/gate-reviews/{review_id}/comments", status_code=status.HTTP_201_CREATED)
def comment_on_review(
    review_id: int, body: CommentIn, session: SessionDep, user: ApiUser
) -> dict[str, Any]:
    review = review_services.review_of(session, user=user, review_id=review_id)
    made = comments.add_comment(
        session,
        actor=user,
        initiative_id=review.initiative_id,
        review_id=review_id,
        body=body.body,
        now=clock.utc_now(),
    )
    return comment_json(made, [])


@router.put(
    "/comments/{comment_id}",
    responses={409: {"description": "Edited meanwhile: `version` is no longer the latest"}},
)
def edit_comment(
    comment_id: int, body: CommentEditIn, session: SessionDep, user: ApiUser
) -> dict[str, Any]:
    edited = comments.edit_comment(
        session, actor=user, comment_id=comment_id, body=body.body, now=clock.utc_now(),
        version=body.version,
    )  # fmt: skip
    return comment_json(edited, queries.revisions_of(session, [edited.id])[edited.id])
