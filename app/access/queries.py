from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import (
    exists,
    select,
)
from sqlalchemy.orm import Session

from app.models.access import Funding, Membership
from app.models.accounts import User


def is_member(session: Session, *, initiative_id: int, user_id: int) -> bool:
    return bool(
        session.scalar(
            select(
                exists().where(
                    Membership.initiative_id == initiative_id, Membership.user_id == user_id
                )
            )
        )
    )


def is_funder(session: Session, *, initiative_id: int, user_id: int) -> bool:
    return bool(
        session.scalar(
            select(
                exists().where(Funding.initiative_id == initiative_id, Funding.user_id == user_id)
            )
        )
    )


def members(session: Session, initiative_id: int) -> Sequence[User]:
    return session.scalars(
        select(User)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.initiative_id == initiative_id)
        .order_by(User.name)
    ).all()


def funders(session: Session, initiative_id: int) -> Sequence[User]:
    return session.scalars(
        select(User)
        .join(Funding, Funding.user_id == User.id)
        .where(Funding.initiative_id == initiative_id)
        .order_by(User.name)
    ).all()
