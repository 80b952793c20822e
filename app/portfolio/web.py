"""What the portfolio routers share: filters from a request, the scope, labels."""

from __future__ import annotations

from datetime import UTC, datetime

from starlette.requests import Request

from app.models import User
from app.portfolio.filters import PortfolioFilters, parse_filters
from app.portfolio.scores import Scope


def filters_from(request: Request) -> PortfolioFilters:
    """Parse the query string; raises InvalidFilter."""
    params: dict[str, list[str]] = {}
    for name, value in request.query_params.multi_items():
        params.setdefault(name, []).append(value)
    return parse_filters(params)


def scope_for(request: Request, user: User) -> Scope:
    return Scope(
        user=user,
        now=datetime.now(UTC),
        default_stalled_days=request.app.state.settings.stalled_after_days,
    )
