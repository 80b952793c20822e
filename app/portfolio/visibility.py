"""Which initiatives a user may see in the portfolio: the one place that decides it.

Today this mirrors `permissions.can_view` (leadership sees the initiatives whose
group it is in, everyone else sees all); funder scoping extends this function.
"""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import Select, select

from app.domain.permissions import Role
from app.models import Initiative, Membership, User

Q = TypeVar("Q", bound=Select[*tuple[Any, ...]])


def restrict_visible(query: Q, user: User) -> Q:
    """Restrict a select that involves Initiative to the initiatives `user` may see."""
    if user.role is Role.LEADERSHIP:
        mine = select(Membership.initiative_id).where(Membership.user_id == user.id)
        query = query.where(Initiative.id.in_(mine))
    return query
