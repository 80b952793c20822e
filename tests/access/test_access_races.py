"""Twenty identical requests at once on who may look: a funder or a member added or
removed, an auditor link revoked. Exactly one wins; the others get what a repeat would
(409, or 404 for a removal of someone no longer there); none a 500."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from app.access import services as access
from app.accounts import services as accounts
from app.domain.permissions import Role
from app.initiatives import services as initiatives
from app.models.access import AuditorLink, Funding, Membership
from app.models.accounts import User
from app.models.audit import AuditEntry
from tests.conftest import PASSWORD, csrf_of, make_user
from tests.races import Committed, N, app_on, committed, lenient, race, tally


def _initiative(world: Committed) -> tuple[int, list[str], str, str]:
    """An initiative; N tokens of its support officer; a funder's and a leader's email."""
    with world.sessions() as session:
        support = make_user(session, f"support-{world.tag}@example.se", Role.SUPPORT)
        funder = make_user(session, f"funder-{world.tag}@example.se", Role.FUNDER)
        leader = make_user(session, f"leader-{world.tag}@example.se", Role.LEADERSHIP)
        world.users += [support.id, funder.id, leader.id]
        made = initiatives.create_initiative(
            session, actor=support, name=f"Race {world.tag}", region="R"
        )
        world.initiatives.append(made.id)
        tokens = [accounts.create_token(session, email=support.email) for _ in range(N)]
        return made.id, tokens, funder.email, leader.email


def _api(client: TestClient, tokens: list[str], method: str, path: str, **kwargs: Any) -> Any:
    return [
        (client, method, path, {**kwargs, "headers": {"Authorization": f"Bearer {token}"}})
        for token in tokens
    ]


def _since(world: Committed) -> int:
    with world.sessions() as session:
        return session.scalar(select(func.max(AuditEntry.seq))) or 0


def _entries(world: Committed, action: str, since: int) -> int:
    with world.sessions() as session:
        return (
            session.scalar(
                select(func.count()).where(AuditEntry.seq > since, AuditEntry.action == action)
            )
            or 0
        )


def test_twenty_adds_and_then_twenty_removals_of_one_funder(
    committed_engine: Engine, committed_database_url: str
) -> None:
    with committed(committed_engine) as world:
        initiative_id, tokens, funder, _leader = _initiative(world)
        client = lenient(app_on(committed_database_url, world))
        path = f"/api/initiatives/{initiative_id}/funders"
        since = _since(world)
        added = tally(
            "add funder", race(_api(client, tokens, "POST", path, json={"email": funder}))
        )
        assert added == {201: 1, 409: N - 1}
        assert _entries(world, "funder.add", since) == 1
        user_id = world.users[1]
        removal = f"{path}/{user_id}"
        removed = tally("remove funder", race(_api(client, tokens, "DELETE", removal)))
        assert removed == {204: 1, 404: N - 1}
        assert _entries(world, "funder.remove", since) == 1
        with world.sessions() as session:
            assert session.get(Funding, (initiative_id, user_id)) is None


def test_twenty_revocations_of_one_link_revoke_it_once(
    committed_engine: Engine, committed_database_url: str
) -> None:
    with committed(committed_engine) as world:
        initiative_id, tokens, _funder, _leader = _initiative(world)
        with world.sessions() as session:
            link, _token = access.create_auditor_link(
                session, actor=_support(session, world), initiative_id=initiative_id,
                label="Revisor", days=7,
            )  # fmt: skip
        client = lenient(app_on(committed_database_url, world))
        since = _since(world)
        path = f"/api/auditor-links/{link.id}/revoke"
        counts = tally("revoke link", race(_api(client, tokens, "POST", path)))
        assert counts == {200: 1, 409: N - 1}
        assert _entries(world, "auditor_link.revoke", since) == 1
        with world.sessions() as session:
            revoked = session.get(AuditorLink, link.id)
            assert revoked is not None and revoked.revoked_at is not None


def _support(session: Session, world: Committed) -> User:
    user = session.get(User, world.users[0])
    assert user is not None
    return user


def _signed_in(app: FastAPI, email: str) -> tuple[TestClient, str]:
    client = lenient(app)
    page = client.get("/login")
    response = client.post(
        "/login",
        data={"email": email, "password": PASSWORD, "csrf_token": csrf_of(page.text)},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return client, csrf_of(client.get("/initiatives").text)


def test_twenty_page_forms_adding_then_removing_one_member(
    committed_engine: Engine, committed_database_url: str
) -> None:
    with committed(committed_engine) as world:
        initiative_id, _tokens, _funder, leader = _initiative(world)
        with world.sessions() as session:
            support_email = _support(session, world).email
        app = app_on(committed_database_url, world)
        signed = [_signed_in(app, support_email) for _ in range(N)]
        since = _since(world)
        adds = [
            (client, "POST", f"/initiatives/{initiative_id}/members",
             {"data": {"email": leader, "csrf_token": csrf}, "follow_redirects": False})
            for client, csrf in signed
        ]  # fmt: skip
        added = tally("add member", race(adds))
        assert added == {303: 1, 409: N - 1}
        assert _entries(world, "member.add", since) == 1
        user_id = world.users[2]
        removals = [
            (client, "POST", f"/initiatives/{initiative_id}/members/{user_id}/remove",
             {"data": {"csrf_token": csrf}, "follow_redirects": False})
            for client, csrf in signed
        ]  # fmt: skip
        removed = tally("remove member", race(removals))
        assert removed == {303: 1, 404: N - 1}
        assert _entries(world, "member.remove", since) == 1
        with world.sessions() as session:
            assert session.get(Membership, (initiative_id, user_id)) is None
