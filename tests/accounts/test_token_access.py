"""API tokens through HTTP: an expired or revoked token, or one whose owner changed role
or was deactivated, answers 401 on its very next request."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.accounts import services as accounts
from app.accounts.passwords import token_digest
from app.domain.permissions import Role
from app.models.accounts import ApiToken
from app.models.initiatives import Initiative
from tests.conftest import People


def _expire(session: Session, token: str) -> None:
    session.execute(
        update(ApiToken)
        .where(ApiToken.token_hash == token_digest(token))
        .values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
    )
    session.commit()


def _revoke(session: Session, token: str) -> None:
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == token_digest(token)))
    assert row is not None
    accounts.revoke_token(session, token_id=row.id)


def _new_role(session: Session, token: str, email: str) -> None:
    accounts.set_role(session, email=email, role=Role.FUNDER)


def _deactivate(session: Session, token: str, email: str) -> None:
    accounts.set_active(session, email=email, active=False)


CUT_OFF: dict[str, Callable[[Session, str, str], None]] = {
    "expired": lambda session, token, _email: _expire(session, token),
    "revoked": lambda session, token, _email: _revoke(session, token),
    "role changed": _new_role,
    "deactivated": _deactivate,
}


@pytest.mark.parametrize("how", CUT_OFF)
def test_a_cut_off_token_answers_401_at_once(
    client: TestClient, session: Session, people: People, initiative: Initiative, how: str
) -> None:
    token = accounts.create_token(session, email=people.support.email, label="Skript")
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get(f"/api/initiatives/{initiative.id}", headers=headers).status_code == 200
    CUT_OFF[how](session, token, people.support.email)
    refused = client.get(f"/api/initiatives/{initiative.id}", headers=headers)
    assert refused.status_code == 401
    assert refused.json()["code"] == "not_authenticated"
    assert refused.headers["WWW-Authenticate"] == "Bearer"
    # A write is refused the same way.
    move = client.post(
        f"/api/initiatives/{initiative.id}/transitions",
        json={"trigger": "close", "reason": "x"},
        headers=headers,
    )
    assert move.status_code == 401


def test_using_a_token_notes_when(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    token = accounts.create_token(session, email=people.funder.email)
    assert (
        client.get("/api/initiatives", headers={"Authorization": f"Bearer {token}"}).status_code
        == 200
    )
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == token_digest(token)))
    assert row is not None
    session.refresh(row)
    assert row.last_used_at is not None
    assert datetime.now(UTC) - row.last_used_at < timedelta(minutes=1)
