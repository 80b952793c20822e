"""The lighter reads of the initiative page (queries.view_of with `page_of`): only what
the page shows, in fewer statements; a statement or an object loaded costs far more on
this page than the rows it reads."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import Session, defer, joinedload

from app.models.access import Funding, Membership
from app.models.accounts import User
from app.models.reviews import GateReview


def review_list(session: Session, initiative_id: int) -> Sequence[GateReview]:
    """The initiative's gate reviews, newest first, as a list shows them (who asked, who
    decided): without the frozen snapshot and the conditions, loaded only if touched."""
    return session.scalars(_review_list(), {"initiative_id": initiative_id}).all()


# Built once (app.initiatives.queries says why).
@cache
def _review_list() -> Select[GateReview]:
    return (
        select(GateReview)
        .options(
            defer(GateReview.snapshot),
            joinedload(GateReview.requested_by),
            joinedload(GateReview.decided_by),
        )
        .where(GateReview.initiative_id == bindparam("initiative_id"))
        .order_by(GateReview.id.desc())
    )


def group_and_funders(session: Session, initiative_id: int) -> tuple[list[User], list[User]]:
    """The leadership group and the funders, each by name (as access.queries lists them),
    in one statement."""
    rows = session.execute(_group_and_funders(), {"initiative_id": initiative_id})
    members: list[User] = []
    funders: list[User] = []
    for person, is_member, is_funder in rows:
        if is_member:
            members.append(person)
        if is_funder:
            funders.append(person)
    return members, funders


@cache
def _group_and_funders() -> Select[User, bool, bool]:
    group = select(Membership.user_id).where(Membership.initiative_id == bindparam("initiative_id"))
    funding = select(Funding.user_id).where(Funding.initiative_id == bindparam("initiative_id"))
    return (
        select(User, User.id.in_(group), User.id.in_(funding))
        .where(User.id.in_(group.union(funding)))
        .order_by(User.name)
    )
