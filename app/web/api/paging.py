"""Paging of the API's long lists (a support function's or a funder's is the whole
country's): `?page=` (from 1) and `?per_page=` (1-1,000) ask for one page, answered with
`{items, total, page, per_page, pages}` and a Link header (RFC 8288) to the next and the
previous page. A page past the last is empty: a client reads until `next` is gone."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query, Request, Response

PER_PAGE, MAX_PER_PAGE, MAX_PAGE = 100, 1000, 1_000_000  # the offset stays a BIGINT

PageParam = Annotated[int | None, Query(ge=1, le=MAX_PAGE)]
PerPageParam = Annotated[int | None, Query(ge=1, le=MAX_PER_PAGE)]


def link_pages(request: Request, response: Response, page: int, pages: int) -> None:
    """The Link header to the neighbouring pages that hold any (a page past the last has
    only `prev`, to the last)."""
    links = []
    if page < pages:
        links.append(f'<{request.url.include_query_params(page=page + 1)}>; rel="next"')
    if page > 1:
        links.append(f'<{request.url.include_query_params(page=min(page - 1, pages))}>; rel="prev"')
    if links:
        response.headers["Link"] = ", ".join(links)
