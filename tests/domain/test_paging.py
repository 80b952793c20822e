"""Which page a request for one gets."""

from __future__ import annotations

import pytest

from app.domain.paging import Page, page_count, page_to_read


@pytest.mark.parametrize(
    ("total", "per_page", "pages"), [(0, 100, 1), (1, 100, 1), (100, 100, 1), (101, 100, 2)]
)
def test_an_empty_list_is_one_page_and_a_partial_page_counts(
    total: int, per_page: int, pages: int
) -> None:
    assert page_count(total, per_page) == pages
    assert Page([], total, 1, per_page).pages == pages


def test_a_page_past_the_last_is_the_last_or_none() -> None:
    assert page_to_read(250, 2, 100, past_the_last=False) == 2
    assert page_to_read(250, 3, 100, past_the_last=True) == 3
    assert page_to_read(250, 4, 100, past_the_last=False) == 3
    assert page_to_read(250, 4, 100, past_the_last=True) is None
    assert page_to_read(0, 1, 100, past_the_last=True) == 1  # an empty list has its one page
