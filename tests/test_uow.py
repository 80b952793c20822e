"""The unit of work is the one place that commits or rolls back (on both databases)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.permissions import Role
from app.models.accounts import User
from app.uow import unit_of_work
from tests.conftest import REPO_ROOT

TRANSACTION_CALL = re.compile(r"\.(commit|rollback)\(")


def test_only_the_unit_of_work_commits_or_rolls_back() -> None:
    offenders = [
        f"{path.relative_to(REPO_ROOT)}:{number}"
        for path in sorted((REPO_ROOT / "app").rglob("*.py"))
        if path != REPO_ROOT / "app" / "uow.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if TRANSACTION_CALL.search(line)
    ]
    assert offenders == []


def _users(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(User)) or 0


@unit_of_work
def _add_user(session: Session, *, email: str, fail: bool = False) -> User:
    user = User(email=email, name="Uma", role=Role.SUPPORT, password_hash="-")
    session.add(user)
    session.flush()
    if fail:
        raise RuntimeError("refused after the write")
    return user


def test_a_use_case_that_returns_is_committed(session: Session) -> None:
    before = _users(session)
    _add_user(session, email="uma@example.se")
    session.rollback()  # only what the unit of work committed survives this
    assert _users(session) == before + 1


def test_a_use_case_that_raises_leaves_nothing(session: Session) -> None:
    before = _users(session)
    with pytest.raises(RuntimeError):
        _add_user(session, email="uma@example.se", fail=True)
    assert not session.in_transaction() or not session.new
    assert _users(session) == before


def test_a_nested_use_case_joins_the_outer_one(session: Session) -> None:
    before = _users(session)

    @unit_of_work
    def outer(session: Session) -> None:
        _add_user(session, email="inner@example.se")  # joins: not committed on its own
        raise RuntimeError("the outer use-case fails")

    with pytest.raises(RuntimeError):
        outer(session)
    assert _users(session) == before
