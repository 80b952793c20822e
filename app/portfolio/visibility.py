"""Which initiatives a user may see in the portfolio (decided in repositories).

As `permissions.can_view` has it:
leadership sees the initiatives whose group it is in, funders those they
finance, support and admins all.
"""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import Select

from app import repositories
from app.models import User

Q = TypeVar("Q", bound=Select[*tuple[Any, ...]])


def restrict_visible(query: Q, user: User) -> Q:
    """Restrict a select that involves Initiative to the initiatives `user` may see."""
    return repositories.restrict_to_visible(query, user.id, user.role)
