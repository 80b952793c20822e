"""The admin's page of people: when each person last logged in (set by the login form
only), and withdrawing a pending invitation, whose link then says in the reader's
language that it is no longer valid (both databases)."""

from __future__ import annotations

import re

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.admin import Invitation
from app.models.audit import AuditEntry
from tests.conftest import People, bearer, login

LINK = re.compile(r'id="new-link-url"[^>]*value="http://testserver(/invitations/[^"]+)"')


def test_the_people_page_shows_the_last_login_of_the_form(
    client: TestClient, session: Session, people: People
) -> None:
    assert people.funder.last_login_at is None
    client.get("/api/initiatives", headers=bearer(session, people.funder))  # a token: no login
    session.refresh(people.funder)
    assert people.funder.last_login_at is None
    login(client, people.admin)
    session.refresh(people.admin)
    assert people.admin.last_login_at is not None
    page = client.get("/admin/users", headers={"Accept-Language": "sv"}).text
    assert "Senaste inloggning" in page
    admin_row = page.split(f'id="user-{people.admin.id}"', 1)[1].split("</tr>", 1)[0]
    assert f'datetime="{people.admin.last_login_at.isoformat()}"' in admin_row
    funder_row = page.split(f'id="user-{people.funder.id}"', 1)[1].split("</tr>", 1)[0]
    assert "aldrig" in funder_row


@pytest.mark.parametrize(
    ("locale", "words"),
    [("sv", "Länken gäller inte längre"), ("en", "This link is no longer valid")],
)
def test_a_withdrawn_invitation_says_so_at_its_link(
    app: FastAPI, client: TestClient, session: Session, people: People, locale: str, words: str
) -> None:
    csrf = login(client, people.admin)
    answer = client.post(
        "/admin/users/invite",
        data={"csrf_token": csrf, "email": "nina@example.se", "name": "Nina Ny", "role": "funder"},
    )
    match = LINK.search(answer.text)
    assert match
    link = session.scalars(select(Invitation)).one()
    page = client.get("/admin/users").text
    assert f'action="/admin/users/invitations/{link.id}/withdraw"' in page
    withdrawn = client.post(
        f"/admin/users/invitations/{link.id}/withdraw",
        data={"csrf_token": csrf},
        follow_redirects=False,
    )
    assert withdrawn.status_code == 303
    assert withdrawn.headers["location"] == "/admin/users?done=withdrawn"
    after = client.get("/admin/users?done=withdrawn", headers={"Accept-Language": "sv"}).text
    assert "Inbjudan drogs tillbaka." in after
    assert f"/admin/users/invitations/{link.id}/withdraw" not in after
    assert session.scalars(
        select(AuditEntry).where(AuditEntry.action == "user.invite_withdraw")
    ).one()
    with TestClient(app, base_url="http://testserver") as invitee:
        invitee.headers["Accept-Language"] = locale
        refused = invitee.get(match.group(1))
        assert refused.status_code == 410
        assert f'<html lang="{locale}">' in refused.text and words in refused.text
        assert 'name="password"' not in refused.text
    again = client.post(f"/admin/users/invitations/{link.id}/withdraw", data={"csrf_token": csrf})
    assert again.status_code == 409


def test_only_admins_withdraw_invitations(
    client: TestClient, session: Session, people: People
) -> None:
    csrf = login(client, people.admin)
    client.post(
        "/admin/users/invite",
        data={"csrf_token": csrf, "email": "nina@example.se", "name": "Nina Ny", "role": "funder"},
    )
    link = session.scalars(select(Invitation)).one()
    client.cookies.clear()
    csrf = login(client, people.support)
    refused = client.post(f"/admin/users/invitations/{link.id}/withdraw", data={"csrf_token": csrf})
    assert refused.status_code == 403
    session.refresh(link)
    assert link.withdrawn_at is None
