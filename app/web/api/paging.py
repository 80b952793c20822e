"""Paging of the API's long lists (a support function's or a funder's is the whole
country's): `?page=` (from 1) and `?per_page=` (1-1,000) ask for one page, answered with
`{items, total, page, per_page, pages}` and a Link header (RFC 8288) to the next and the
previous page. A page past the last is empty: a client reads until `next` is gone."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from fastapi import Query, Request, Response

from app.domain.paging import Page

T = TypeVar("T")

PER_PAGE, MAX_PER_PAGE, MAX_PAGE = 100, 1000, 1_000_000  # the offset stays a BIGINT

PageParam = Annotated[int | None, Query(ge=1, le=MAX_PAGE)]
PerPageParam = Annotated[int | None, Query(ge=1, le=MAX_PER_PAGE)]


def asked(page: int | None, per_page: int | None) -> tuple[int, int] | None:
    """The page and its size a request asks for, or None: it asks for the whole list."""
    if page is None and per_page is None:
        return None
    return page or 1, per_page or PER_PAGE


def page_answer(
    request: Request, response: Response, listed: Page[T], item_json: Callable[[T], Any]
) -> dict[str, Any]:
    """`listed` as JSON, with the Link header to its neighbours."""
    _link(request, response, listed.page, listed.pages)
    return {
        "items": [item_json(item) for item in listed.items],
        "total": listed.total,
        "page": listed.page,
        "per_page": listed.per_page,
        "pages": listed.pages,
    }


def _link(request: Request, response: Response, page: int, pages: int) -> None:
    """The Link header to the neighbouring pages that hold any (a page past the last has
    only `prev`, to the last)."""
    links = []
    if page < pages:
        links.append(f'<{request.url.include_query_params(page=page + 1)}>; rel="next"')
    if page > 1:
        links.append(f'<{request.url.include_query_params(page=min(page - 1, pages))}>; rel="prev"')
    if links:
        response.headers["Link"] = ", ".join(links)
