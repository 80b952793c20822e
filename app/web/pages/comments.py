"""Comment threads on an item and on a gate review: read, write, edit.

The thread is one template block: HTMX swaps it in place after a post; without
JavaScript the same URL shows it as a page of its own.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from app import clock, errors
from app.access import queries as access_queries
from app.comments import queries
from app.comments import services as comments
from app.comments.rules import BODY_MAX, may_comment
from app.models.accounts import User
from app.models.initiatives import Initiative
from app.reviews import services as review_services
from app.web.deps import PageInitiative, PageUser, SessionDep
from app.web.templating import is_partial_request, render

router = APIRouter(include_in_schema=False)
Body = Annotated[str, Form()]


def _context(
    session: Session,
    user: User,
    initiative: Initiative,
    *,
    item_key: str | None = None,
    review_id: int | None = None,
    draft: str = "",
    error: errors.Refused | None = None,
) -> dict[str, Any]:
    found = queries.thread(
        session, initiative_id=initiative.id, item_key=item_key, review_id=review_id
    )
    member = access_queries.is_member(session, initiative_id=initiative.id, user_id=user.id)
    base = (
        f"/gate-reviews/{review_id}/comments"
        if review_id is not None
        else f"/initiatives/{initiative.id}/items/{item_key}/comments"
    )
    return {
        "initiative": initiative,
        "comments": found,
        "revisions": queries.revisions_of(session, [c.id for c in found]),
        "may_write": may_comment(user.role, is_member=member),
        "thread_url": base,
        "draft": draft,
        "error": error,
        "body_max": BODY_MAX,
    }


def _thread(request: Request, context: dict[str, Any], status_code: int = 200) -> HTMLResponse:
    return render(request, "comments/thread.html", context, block="thread", status_code=status_code)


@router.get("/initiatives/{initiative_id}/items/{key}/comments", response_class=HTMLResponse)
def item_thread(
    request: Request, key: str, initiative: PageInitiative, session: SessionDep, user: PageUser
) -> HTMLResponse:
    return _thread(request, _context(session, user, initiative, item_key=key))


@router.post("/initiatives/{initiative_id}/items/{key}/comments", response_class=HTMLResponse)
def comment_on_item(
    request: Request,
    initiative_id: int,
    key: str,
    session: SessionDep,
    user: PageUser,
    body: Body = "",
) -> Response:
    try:
        comments.add_comment(
            session,
            actor=user,
            initiative_id=initiative_id,
            item_key=key,
            body=body,
            now=clock.utc_now(),
        )
    except errors.InvalidInput as error:
        initiative = session.get(Initiative, initiative_id)
        assert initiative is not None  # the use-case checked it is visible
        context = _context(session, user, initiative, item_key=key, draft=body, error=error)
        return _thread(request, context, status_code=422)
    return _after(
        request,
        f"/initiatives/{initiative_id}/items/{key}/comments",
        session,
        user,
        initiative_id=initiative_id,
        item_key=key,
    )


@router.get("/gate-reviews/{review_id}/comments", response_class=HTMLResponse)
def review_thread(
    request: Request, review_id: int, session: SessionDep, user: PageUser
) -> HTMLResponse:
    review = review_services.review_of(session, user=user, review_id=review_id)
    initiative = session.get(Initiative, review.initiative_id)
    assert initiative is not None
    return _thread(request, _context(session, user, initiative, review_id=review_id))


@router.post("/gate-reviews/{review_id}/comments", response_class=HTMLResponse)
def comment_on_review(
    request: Request, review_id: int, session: SessionDep, user: PageUser, body: Body = ""
) -> Response:
    review = review_services.review_of(session, user=user, review_id=review_id)
    try:
        comments.add_comment(
            session,
            actor=user,
            initiative_id=review.initiative_id,
            review_id=review_id,
            body=body,
            now=clock.utc_now(),
        )
    except errors.InvalidInput as error:
        initiative = session.get(Initiative, review.initiative_id)
        assert initiative is not None
        context = _context(session, user, initiative, review_id=review_id, draft=body, error=error)
        return _thread(request, context, status_code=422)
    return _after(
        request,
        f"/gate-reviews/{review_id}/comments",
        session,
        user,
        initiative_id=review.initiative_id,
        review_id=review_id,
    )


@router.post("/comments/{comment_id}/edit", response_class=HTMLResponse)
def edit(
    request: Request, comment_id: int, session: SessionDep, user: PageUser, body: Body = "",
    version: Annotated[int | None, Form(ge=1, le=2**31 - 1)] = None,
) -> Response:  # fmt: skip
    comment = comments.edit_comment(
        session, actor=user, comment_id=comment_id, body=body, now=clock.utc_now(),
        version=version,
    )  # fmt: skip
    url = (
        f"/gate-reviews/{comment.review_id}/comments"
        if comment.review_id is not None
        else f"/initiatives/{comment.initiative_id}/items/{comment.item_key}/comments"
    )
    return _after(
        request,
        url,
        session,
        user,
        initiative_id=comment.initiative_id,
        item_key=comment.item_key,
        review_id=comment.review_id,
    )


def _after(
    request: Request,
    url: str,
    session: Session,
    user: User,
    *,
    initiative_id: int,
    item_key: str | None = None,
    review_id: int | None = None,
) -> Response:
    if not is_partial_request(request):
        return RedirectResponse(url, status_code=303)
    initiative = session.get(Initiative, initiative_id)
    assert initiative is not None
    context = _context(session, user, initiative, item_key=item_key, review_id=review_id)
    return _thread(request, context)
