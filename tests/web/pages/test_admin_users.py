"""The admin's page of people over HTTP: only admins, invitations, roles, deactivation
(both databases)."""

from __future__ import annotations

import re

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.permissions import Role
from app.models.audit import AuditEntry
from tests.conftest import PASSWORD, People, csrf_of, login

LINK = re.compile(r'id="new-link-url"[^>]*value="http://testserver(/invitations/[^"]+)"')


def _other_client(app: FastAPI) -> TestClient:
    return TestClient(app, base_url="http://testserver")


def test_only_admins_see_the_people(client: TestClient, people: People) -> None:
    login(client, people.support)
    assert client.get("/admin/users").status_code == 403
    assert 'href="/admin/users"' not in client.get("/initiatives").text
    client.cookies.clear()
    login(client, people.admin)
    assert 'href="/admin/users"' in client.get("/initiatives").text
    page = client.get("/admin/users", headers={"Accept-Language": "sv"})
    assert page.status_code == 200
    for person in (people.leader, people.funder):
        assert person.name in page.text and person.email in page.text


def test_an_admin_invites_and_the_invitee_logs_in(
    app: FastAPI, client: TestClient, people: People
) -> None:
    csrf = login(client, people.admin)
    answer = client.post(
        "/admin/users/invite",
        data={"csrf_token": csrf, "email": "nina@example.se", "name": "Nina Ny", "role": "funder"},
    )
    assert answer.status_code == 200
    match = LINK.search(answer.text)
    assert match, "the link is shown once"
    assert LINK.search(client.get("/admin/users").text) is None
    with _other_client(app) as invitee:
        page = invitee.get(match.group(1))
        assert page.status_code == 200 and "Nina Ny" in page.text
        done = invitee.post(
            match.group(1),
            data={"csrf_token": csrf_of(page.text), "password": "a long new passphrase"},
            follow_redirects=False,
        )
        assert done.status_code == 303
        assert invitee.get("/initiatives").status_code == 200  # logged in
    # An address taken is refused in words.
    again = client.post(
        "/admin/users/invite",
        data={"csrf_token": csrf, "email": "nina@example.se", "name": "Nina", "role": "funder"},
        headers={"Accept-Language": "sv"},
    )
    assert again.status_code == 422 and 'role="alert"' in again.text


def test_a_role_change_ends_the_persons_sessions_and_is_audited(
    app: FastAPI, client: TestClient, session: Session, people: People
) -> None:
    with _other_client(app) as leader:
        login(leader, people.leader)
        csrf = login(client, people.admin)
        answer = client.post(
            f"/admin/users/{people.leader.id}/role",
            data={"csrf_token": csrf, "role": "support"},
            follow_redirects=False,
        )
        assert answer.status_code == 303
        assert leader.get("/initiatives", follow_redirects=False).status_code == 303
    session.expire_all()
    assert people.leader.role is Role.SUPPORT
    entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "user.role"))
    assert entry is not None and entry.actor_id == people.admin.id


def test_deactivate_and_reactivate(client: TestClient, session: Session, people: People) -> None:
    csrf = login(client, people.admin)
    url = f"/admin/users/{people.funder.id}/active"
    assert client.post(url, data={"csrf_token": csrf, "active": "0"}).status_code == 200
    session.expire_all()
    assert people.funder.is_active is False
    with TestClient(client.app, base_url="http://testserver") as funder:
        refused = funder.post(
            "/login",
            data={
                "email": people.funder.email,
                "password": PASSWORD,
                "csrf_token": csrf_of(funder.get("/login").text),
            },
        )
        assert refused.status_code == 403
        assert client.post(url, data={"csrf_token": csrf, "active": "1"}).status_code == 200
        login(funder, people.funder)
    # An admin does not lock themself out.
    own = client.post(f"/admin/users/{people.admin.id}/active", data={"csrf_token": csrf})
    assert own.status_code == 409
