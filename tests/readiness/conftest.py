"""`consistent`: after the test, the stored readiness must agree with the item states."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date

import pytest
from sqlalchemy.orm import Session

from app.clock import today
from app.readiness.queries import check


@pytest.fixture
def consistent(session: Session) -> Iterator[Callable[[date | None], list[str]]]:
    """Call it to check now; it checks once more when the test ends."""

    def run(on: date | None = None) -> list[str]:
        session.expire_all()
        return list(check(session, on or today()))

    yield run
    assert run() == []
