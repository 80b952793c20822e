from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from app.models.access import Funding, Membership
from app.models.accounts import User

Link = type[Funding] | type[Membership]


def _linked(session: Session, link: Link, initiative_id: int, user_id: int) -> bool:
    found = exists().where(link.initiative_id == initiative_id, link.user_id == user_id)
    return bool(session.scalar(select(found)))


def _people(session: Session, link: Link, initiative_id: int) -> Sequence[User]:
    return session.scalars(
        select(User)
        .join(link, link.user_id == User.id)
        .where(link.initiative_id == initiative_id)
        .order_by(User.name)
    ).all()


def is_member(session: Session, *, initiative_id: int, user_id: int) -> bool:
    return _linked(session, Membership, initiative_id, user_id)


def is_funder(session: Session, *, initiative_id: int, user_id: int) -> bool:
    return _linked(session, Funding, initiative_id, user_id)


def members(session: Session, initiative_id: int) -> Sequence[User]:
    return _people(session, Membership, initiative_id)


def funders(session: Session, initiative_id: int) -> Sequence[User]:
    return _people(session, Funding, initiative_id)
