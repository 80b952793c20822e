"""The pages a one-time link opens, and "forgot password" through a real SMTP server
(both databases)."""

from __future__ import annotations

import dataclasses
import re
from datetime import UTC, datetime, timedelta

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app import clock
from app.accounts import invitations
from app.config import SmtpSettings
from app.domain.permissions import Role
from tests.conftest import People, csrf_of
from tests.web.pages.test_deadline_pages import Inbox, smtp_server  # noqa: F401

NEW_PASSWORD = "a brand new long passphrase"
SV = {"Accept-Language": "sv"}


def test_a_used_or_expired_invitation_says_so_in_words(
    client: TestClient, session: Session, people: People
) -> None:
    token = invitations.invite(
        session, actor=people.admin, email="nina@example.se", name="Nina", role=Role.FUNDER
    )
    invitations.accept_invitation(session, token=token, password=NEW_PASSWORD)
    used = client.get(f"/invitations/{token}", headers=SV)
    assert used.status_code == 410 and "redan använts" in used.text
    with clock.as_of(datetime.now(UTC) - timedelta(days=8)):
        old = invitations.invite(
            session, actor=people.admin, email="olle@example.se", name="Olle", role=Role.FUNDER
        )
    expired = client.get(f"/invitations/{old}", headers=SV)
    assert expired.status_code == 410 and "har gått ut" in expired.text
    assert 'name="password"' not in expired.text
    assert client.get("/invitations/kf_unknown", headers=SV).status_code == 404


def test_a_weak_password_is_refused_on_the_invitation_page(
    client: TestClient, session: Session, people: People
) -> None:
    token = invitations.invite(
        session, actor=people.admin, email="nina@example.se", name="Nina", role=Role.FUNDER
    )
    page = client.get(f"/invitations/{token}")
    answer = client.post(
        f"/invitations/{token}",
        data={"csrf_token": csrf_of(page.text), "password": "password1234"},
        headers=SV,
    )
    assert answer.status_code == 422 and 'name="password"' in answer.text
    assert client.get("/initiatives", follow_redirects=False).status_code == 303  # not in


def test_forgot_password_mails_a_one_time_link(
    app: FastAPI,
    client: TestClient,
    people: People,
    smtp_server: tuple[Inbox, int],  # noqa: F811
) -> None:
    inbox, port = smtp_server
    app.state.settings = dataclasses.replace(
        app.state.settings,
        smtp=SmtpSettings(host="127.0.0.1", port=port, sender="kf@example.se", starttls=False),
    )
    login_page = client.get("/login", headers=SV)
    assert 'href="/password/forgot"' in login_page.text
    csrf = csrf_of(client.get("/password/forgot").text)
    known = client.post(
        "/password/forgot", data={"csrf_token": csrf, "email": people.leader.email}, headers=SV
    )
    unknown = client.post(
        "/password/forgot", data={"csrf_token": csrf, "email": "nobody@example.se"}, headers=SV
    )
    assert known.status_code == unknown.status_code == 200
    strip = re.compile(r'name="csrf_token" value="[^"]*"')
    assert strip.sub("", known.text) == strip.sub("", unknown.text)  # the same answer

    assert [m["To"] for m in inbox.messages] == [people.leader.email]
    body = inbox.messages[0].get_payload(decode=True).decode()
    link = re.search(r"http://testserver(/password/reset/\S+)", body)
    assert link, body
    page = client.get(link.group(1))
    assert page.status_code == 200
    done = client.post(
        link.group(1),
        data={"csrf_token": csrf_of(page.text), "password": NEW_PASSWORD},
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert client.get("/initiatives").status_code == 200
    assert client.get(link.group(1), headers=SV).status_code == 410  # once only
