"""An invitation withdrawn and accepted at the same moment, over and over: it ends either
accepted or withdrawn, never both, and each loser hears why (both databases, committed)."""

from __future__ import annotations

import threading
from collections import Counter

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from app import errors
from app.accounts import invitations
from app.accounts import queries as account_queries
from app.db import make_sessionmaker
from app.domain.permissions import Role
from app.models.accounts import User
from app.models.admin import Invitation
from tests.conftest import AUDIT_KEY, make_user

ROUNDS, EACH = 4, 4  # per round: EACH withdrawals and EACH acceptances at once
PASSWORD = "a brand new long passphrase"


def _attempt(sessions: sessionmaker[Session], start: threading.Barrier, job: str, *,
             token: str, link_id: int, admin_id: int, out: Counter[str]) -> None:  # fmt: skip
    with sessions() as session:
        start.wait()
        try:
            if job == "withdraw":
                admin = session.get_one(User, admin_id)
                invitations.withdraw_invitation(session, actor=admin, invitation_id=link_id)
            else:
                invitations.accept_invitation(session, token=token, password=PASSWORD)
            out[f"{job} ok"] += 1
        except errors.Refused as refused:
            out[f"{job} {refused.code}"] += 1


def test_withdrawn_or_accepted_never_both(committed_engine: Engine) -> None:
    sessions = make_sessionmaker(committed_engine, audit_key=AUDIT_KEY)
    with sessions() as session:
        admin = make_user(session, "race-admin@example.se", Role.ADMIN)
        admin_id = admin.id
    for round_ in range(ROUNDS):
        email = f"race-{round_}@example.se"
        with sessions() as session:
            admin = session.get_one(User, admin_id)
            token = invitations.invite(
                session, actor=admin, email=email, name="Nina", role=Role.FUNDER
            )
            link_id = session.scalars(select(Invitation.id).where(Invitation.email == email)).one()
        out: Counter[str] = Counter()
        start = threading.Barrier(2 * EACH)
        threads = [
            threading.Thread(
                target=_attempt,
                args=(sessions, start, job),
                kwargs={"token": token, "link_id": link_id, "admin_id": admin_id, "out": out},
            )
            for job in ("withdraw", "accept") * EACH
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sum(out.values()) == 2 * EACH, out
        with sessions() as session:
            link = session.get_one(Invitation, link_id)
            user = account_queries.get_user_by_email(session, email)
        if link.withdrawn_at is not None:
            assert user is None and link.used_at is None, out
            assert out["withdraw ok"] == 1 and out["accept ok"] == 0, out
        else:
            assert user is not None and link.used_at is not None, out
            assert out["accept ok"] == 1 and out["withdraw ok"] == 0, out
