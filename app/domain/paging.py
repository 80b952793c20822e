"""A page of a long list, and which page a request for one gets."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


def page_count(total: int, per_page: int) -> int:
    return max(1, -(-total // per_page))


def page_to_read(total: int, page: int, per_page: int, *, past_the_last: bool) -> int | None:
    """The 1-based page to read: a page past the last is the last, or (`past_the_last`,
    for the API's clients, which read until a page is empty) none."""
    last = page_count(total, per_page)
    if page <= last:
        return page
    return None if past_the_last else last


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    total: int  # of the whole list
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return page_count(self.total, self.per_page)
