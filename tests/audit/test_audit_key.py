"""The chain head records a fingerprint of its key: another key is refused as "wrong
audit key", before anything is written, and never reads as a broken chain."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection, select, update
from sqlalchemy.orm import Session, sessionmaker

from app.accounts import services as accounts
from app.audit import log as audit_log
from app.config import Settings
from app.models.accounts import User
from app.models.audit import AuditEntry, AuditHead
from app.web.application import create_app
from tests.conftest import AUDIT_KEY, People

OTHER_KEY = "another-audit-key"


def _head(session: Session) -> AuditHead:
    head = session.get(AuditHead, audit_log.HEAD_ID, populate_existing=True)
    assert head is not None
    return head


def _entries(session: Session) -> int:
    return len(list(session.scalars(select(AuditEntry.seq))))


def _in(session: Session, user: User) -> User:
    found = session.get(User, user.id)
    assert found is not None
    return found


@pytest.fixture
def other_key(sessions: sessionmaker[Session]) -> Session:
    return sessions(info={"audit_key": OTHER_KEY})


def test_the_head_names_its_key_by_a_fingerprint_that_does_not_reveal_it(
    session: Session, people: People
) -> None:
    accounts.set_language(session, user=people.admin, locale="en")
    fingerprint = _head(session).key_fingerprint
    assert fingerprint == audit_log.key_fingerprint(AUDIT_KEY.encode())
    assert fingerprint != audit_log.key_fingerprint(OTHER_KEY.encode())
    assert AUDIT_KEY not in fingerprint and len(fingerprint) == 64


def test_another_key_neither_writes_nor_verifies(
    session: Session, other_key: Session, people: People
) -> None:
    accounts.set_language(session, user=people.admin, locale="en")
    before = _entries(session)
    with pytest.raises(audit_log.WrongAuditKey, match="wrong audit key"):
        accounts.set_language(other_key, user=_in(other_key, people.support), locale="en")
    with pytest.raises(audit_log.WrongAuditKey, match="wrong audit key"):
        audit_log.verify(other_key)
    assert _entries(session) == before  # nothing was written, so the chain is whole
    result = audit_log.verify(session)
    assert result.ok and result.entries == before


def test_a_broken_chain_is_still_a_broken_chain_with_the_right_key(
    session: Session, people: People
) -> None:
    accounts.set_language(session, user=people.admin, locale="en")
    head = _head(session)
    session.execute(
        update(AuditHead).where(AuditHead.id == head.id).values(mac="f" * 64, seq=head.seq)
    )
    session.commit()
    result = audit_log.verify(session)
    assert not result.ok and result.first_broken is not None


def test_a_head_from_before_fingerprints_takes_the_key_that_fits_it(
    session: Session, other_key: Session, people: People
) -> None:
    accounts.set_language(session, user=people.admin, locale="en")
    session.execute(update(AuditHead).values(key_fingerprint=None))
    session.commit()
    # Another key does not fit the head's MAC: refused, and nothing adopted.
    with pytest.raises(audit_log.WrongAuditKey):
        accounts.set_language(other_key, user=_in(other_key, people.support), locale="en")
    assert _head(session).key_fingerprint is None
    # The chain's own key does, and the head records it from then on.
    accounts.set_language(session, user=people.funder, locale="en")
    assert _head(session).key_fingerprint == audit_log.key_fingerprint(AUDIT_KEY.encode())
    assert audit_log.verify(session).ok


def test_a_server_with_another_key_answers_503_wrong_audit_key(
    database_url: str, connection: Connection, session: Session, people: People, tmp_path: Path
) -> None:
    accounts.set_language(session, user=people.admin, locale="en")
    token = accounts.create_token(session, email=people.support.email)
    before = _entries(session)
    wrong = sessionmaker(
        bind=connection,
        join_transaction_mode="create_savepoint",
        expire_on_commit=False,
        info={"audit_key": OTHER_KEY},
    )
    settings = Settings(
        audit_key=OTHER_KEY,
        database_url=database_url,
        secret_key="s",
        secure_cookies=False,
        session_max_age=60,
        data_dir=tmp_path,
    )
    headers = {"Authorization": f"Bearer {token}"}
    with TestClient(create_app(settings, sessions=wrong)) as client:
        verify = client.get("/api/audit/verify", headers=headers)
        assert verify.status_code == 503
        assert verify.json()["code"] == "wrong_audit_key"
        created = client.post(
            "/api/initiatives", json={"name": "Nod", "region": "Skåne"}, headers=headers
        )
        assert created.status_code == 503 and created.json()["code"] == "wrong_audit_key"
        page = client.get("/api/initiatives", headers=headers)
        assert page.status_code == 200  # reads still work
    assert _entries(session) == before
