"""A successful login through the form notes when; a refused one, a token or the
console's `authenticate` does not (both databases)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.accounts import services as accounts
from tests.conftest import PASSWORD, People


def test_only_a_successful_login_is_noted(session: Session, people: People) -> None:
    user = people.leader
    wrong = accounts.log_in(session, email=user.email, password="fel", client="192.0.2.1")
    assert wrong.user is None and user.last_login_at is None
    assert accounts.authenticate(session, email=user.email, password=PASSWORD) is user
    assert user.last_login_at is None
    first = accounts.log_in(session, email=user.email, password=PASSWORD, client="192.0.2.1")
    assert first.user is user and user.last_login_at is not None
    noted = user.last_login_at
    accounts.set_active(session, email=user.email, active=False)
    refused = accounts.log_in(session, email=user.email, password=PASSWORD, client="192.0.2.1")
    assert refused.refusal == "account_deactivated"
    session.refresh(user)
    assert user.last_login_at == noted
