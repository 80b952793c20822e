"""Every route is reached by its own paths, whatever the order of the routers: the
application includes the busiest first (app.web.application), and may reorder them."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.routing import _IncludedRouter
from starlette.routing import BaseRoute, Match, Route

from app.config import Settings
from app.web.application import create_app


def _routes(tmp_path: Path) -> list[tuple[int, Route]]:
    """Each route with the number of the router it came from, in the order matched."""
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'routes.db'}", secret_key="routes",
        secure_cookies=False, session_max_age=3600, audit_key="routes",
    )  # fmt: skip
    flat: list[tuple[int, BaseRoute]] = []
    for number, route in enumerate(create_app(settings).router.routes):
        included = route.original_router.routes if isinstance(route, _IncludedRouter) else [route]
        flat.extend((number, r) for r in included)
    return [(n, r) for n, r in flat if isinstance(r, Route)]


def _a_path_of(route: Route) -> str:
    return re.sub(r"\{[^}]+\}", "7", route.path)


def _matches(route: Route, method: str, path: str) -> bool:
    scope = {"type": "http", "method": method, "path": path, "root_path": ""}
    return route.matches(scope)[0] is Match.FULL


def test_the_first_route_to_match_a_path_is_its_own(tmp_path: Path) -> None:
    routes = [r for _, r in _routes(tmp_path)]
    assert len(routes) > 150
    for route in routes:
        for method in sorted(route.methods or ()):
            path = _a_path_of(route)
            first = next(r for r in routes if _matches(r, method, path))
            assert first is route, f"{method} {path}: {first.path} answers for {route.path}"


def test_no_router_answers_for_a_route_of_another(tmp_path: Path) -> None:
    """So that the routers may come in any order: only routes of one router overlap
    (/api/phase-models/diff before /api/phase-models/{version:path}), and their order is
    the router's own."""
    routes = _routes(tmp_path)
    overlaps = [
        (method, route.path, other.path)
        for number, route in routes
        for method in sorted(route.methods or ())
        for other_number, other in routes
        if other_number != number and _matches(other, method, _a_path_of(route))
    ]
    assert overlaps == []
