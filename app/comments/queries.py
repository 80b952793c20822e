"""Reading comment threads; one statement a thread, however long."""

from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from app.comments.rules import CommentTarget
from app.domain.permissions import Role
from app.models.access import Funding, Membership
from app.models.accounts import User
from app.models.comments import Comment, CommentRevision


def thread(
    session: Session,
    *,
    initiative_id: int,
    item_key: str | None = None,
    review_id: int | None = None,
) -> list[Comment]:
    query = select(Comment).where(Comment.initiative_id == initiative_id)
    if review_id is not None:
        query = query.where(Comment.target == CommentTarget.REVIEW, Comment.review_id == review_id)
    else:
        query = query.where(Comment.target == CommentTarget.ITEM, Comment.item_key == item_key)
    query = query.options(selectinload(Comment.author)).order_by(Comment.created_at, Comment.id)
    return list(session.scalars(query))


def revisions_of(session: Session, comment_ids: list[int]) -> dict[int, list[CommentRevision]]:
    """The earlier texts of each comment, oldest first, in one statement."""
    found: dict[int, list[CommentRevision]] = {comment_id: [] for comment_id in comment_ids}
    if not comment_ids:
        return found
    for revision in session.scalars(
        select(CommentRevision)
        .where(CommentRevision.comment_id.in_(comment_ids))
        .order_by(CommentRevision.replaced_at, CommentRevision.id)
    ):
        found[revision.comment_id].append(revision)
    return found


def readers_among(session: Session, *, initiative_id: int, emails: list[str]) -> list[User]:
    """The active people with these e-mail addresses who may see the initiative."""
    if not emails:
        return []
    member = select(Membership.user_id).where(Membership.initiative_id == initiative_id)
    funder = select(Funding.user_id).where(Funding.initiative_id == initiative_id)
    return list(
        session.scalars(
            select(User).where(
                func.lower(User.email).in_(emails),
                User.is_active.is_(True),
                or_(
                    User.role.in_((Role.SUPPORT, Role.ADMIN)),
                    User.id.in_(member),
                    User.id.in_(funder),
                ),
            )
        )
    )
