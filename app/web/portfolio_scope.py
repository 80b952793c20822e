"""What the portfolio routers share: the filters from a request's query string, and
the scope (who asks, when, and the stalled threshold the app is configured with)."""

from __future__ import annotations

from datetime import UTC, datetime

from starlette.requests import Request

from app.errors import InvalidInput
from app.models.accounts import User
from app.portfolio.queries import Scope
from app.portfolio.rules import InvalidFilter, PortfolioFilters, parse_filters


def filters_from(request: Request) -> PortfolioFilters:
    """Parse the query string; raises InvalidFilter."""
    params: dict[str, list[str]] = {}
    for name, value in request.query_params.multi_items():
        params.setdefault(name, []).append(value)
    return parse_filters(params)


def shown_filters(request: Request) -> tuple[PortfolioFilters, InvalidFilter | None]:
    """For a page with the filter form: the filters, or the defaults and what was wrong
    (the page shows the form again with the error, and answers 422)."""
    try:
        return filters_from(request), None
    except InvalidFilter as invalid:
        return PortfolioFilters(), invalid


def required_filters(request: Request) -> PortfolioFilters:
    """The filters, or a 422 naming the field: for the API, exports and reports, which
    (unlike the dashboard) have no form to show the filters again with the error."""
    try:
        return filters_from(request)
    except InvalidFilter as invalid:
        raise InvalidInput(invalid.field, invalid.message, code="invalid_filter") from invalid


def scope_for(request: Request, user: User) -> Scope:
    return Scope(
        user=user,
        now=datetime.now(UTC),
        default_stalled_days=request.app.state.settings.stalled_after_days,
    )
