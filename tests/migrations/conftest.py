"""Migration tests start from an empty database of each kind, dropped afterwards."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conftest import empty_database


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    with empty_database(request.param, tmp_path_factory) as url:
        yield url
