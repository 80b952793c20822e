"""Use-cases of comments: write one, edit one (keeping the earlier text), tell the
people it mentions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlalchemy.orm import Session

from app.access import queries as access_queries
from app.comments import queries
from app.comments.rules import BODY_MAX, CommentTarget, may_comment, mentioned_emails
from app.domain.permissions import Role
from app.domain.text import required_text
from app.errors import Conflict, Forbidden, NotFound
from app.models.accounts import User
from app.models.comments import Comment, CommentRevision
from app.models.initiatives import Initiative
from app.models.reviews import GateReview
from app.notifications import services as notifications
from app.phases import MODELS
from app.records import audit_record, initiative_to_record_on, record_audit
from app.uow import unit_of_work


def _writer(session: Session, actor: User, initiative_id: int) -> Initiative:
    member = access_queries.is_member(session, initiative_id=initiative_id, user_id=actor.id)
    return initiative_to_record_on(
        session, actor, initiative_id,
        allowed=may_comment(actor.role, is_member=member),
        refusal=Forbidden(
            "Only the initiative's group, support officers and admins comment.",
            code="may_not_comment",
        ),
    )  # fmt: skip


def _notify(
    session: Session,
    comment: Comment,
    actor: User,
    initiative: Initiative,
    emails: list[str],
    now: datetime,
) -> None:
    people = queries.readers_among(session, initiative_id=initiative.id, emails=emails)
    url = (
        f"/gate-reviews/{comment.review_id}#comment-{comment.id}"
        if comment.review_id is not None
        else f"/initiatives/{initiative.id}/items/{comment.item_key}/comments#comment-{comment.id}"
    )
    notifications.notify_mentions(
        session,
        user_ids=[p.id for p in people if p.id != actor.id],
        subject=f"comment:{comment.id}",
        initiative_id=initiative.id,
        now=now,
        params={
            "author": actor.name,
            "initiative": initiative.name,
            "excerpt": comment.body[:200],
            "url": url,
        },
    )


@unit_of_work
def add_comment(
    session: Session,
    *,
    actor: User,
    initiative_id: int,
    body: str,
    now: datetime,
    item_key: str | None = None,
    review_id: int | None = None,
) -> Comment:
    initiative = _writer(session, actor, initiative_id)
    text = required_text("body", body, BODY_MAX)
    if review_id is not None:
        review = session.get(GateReview, review_id)
        if review is None or review.initiative_id != initiative_id:
            raise NotFound(f"No gate review {review_id}.", code="unknown_review")
        target = CommentTarget.REVIEW
    else:
        model = MODELS.get(initiative.model_version)
        if item_key is None or model is None or model.item(item_key) is None:
            raise NotFound(f"No item {item_key}.", code="unknown_item")
        target = CommentTarget.ITEM
    comment = Comment(
        initiative_id=initiative_id,
        target=target,
        item_key=item_key,
        review_id=review_id,
        author_id=actor.id,
        body=text,
        created_at=now,
    )
    after = {"body": text, "item_key": item_key, "review_id": review_id}
    audit_record(
        session, comment, actor=actor, action="comment.add", target_type="comment",
        initiative=initiative, after=after,
    )  # fmt: skip
    _notify(session, comment, actor, initiative, mentioned_emails(text), now)
    return comment


@unit_of_work
def edit_comment(
    session: Session,
    *,
    actor: User,
    comment_id: int,
    body: str,
    now: datetime,
    version: int | None = None,
) -> Comment:
    """Replace a comment's text; `version` is the one the editor saw (default: the latest)."""
    comment = session.get(Comment, comment_id)
    if comment is None:
        raise NotFound(f"No comment {comment_id}.")
    initiative = _writer(session, actor, comment.initiative_id)
    if comment.author_id != actor.id and actor.role is not Role.ADMIN:
        raise Forbidden("Only its author edits a comment.", code="may_not_edit_comment")
    text = required_text("body", body, BODY_MAX)
    before, seen = comment.body, comment.version if version is None else version
    if text == before and seen == comment.version:
        return comment
    # Compare-and-set: of several edits made from the same version, one wins.
    changed = session.execute(
        update(Comment)
        .where(Comment.id == comment_id, Comment.version == seen)
        .values(body=text, edited_at=now, version=Comment.version + 1)
        .execution_options(synchronize_session=False)
    )
    if not changed.rowcount:  # type: ignore[attr-defined]
        raise Conflict("The comment was edited meanwhile.", code="comment_edited_meanwhile")
    session.add(
        CommentRevision(
            comment_id=comment_id,
            body=before,
            written_at=comment.edited_at or comment.created_at,
            replaced_at=now,
        )
    )
    session.refresh(comment)
    record_audit(
        session, initiative, actor=actor, action="comment.edit", target=("comment", comment_id),
        before={"body": before}, after={"body": text},
    )  # fmt: skip
    new = [e for e in mentioned_emails(text) if e not in mentioned_emails(before)]
    _notify(session, comment, actor, initiative, new, now)
    return comment
