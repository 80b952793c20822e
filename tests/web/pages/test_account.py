"""Everyone's account page over HTTP: the password and API tokens (both databases)."""

from __future__ import annotations

import re

from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.models.initiatives import Initiative
from tests.conftest import People, csrf_of, login

NEW_PASSWORD = "a brand new long passphrase"
TOKEN = re.compile(r'id="new-token"[^>]*value="([^"]+)"')


def _log_in_with(client: TestClient, email: str, password: str) -> int:
    return client.post(
        "/login",
        data={
            "email": email,
            "password": password,
            "csrf_token": csrf_of(client.get("/login").text),
        },
        follow_redirects=False,
    ).status_code


def test_changing_the_password_ends_the_other_sessions_only(
    app: FastAPI, client: TestClient, people: People
) -> None:
    with TestClient(app, base_url="http://testserver") as elsewhere:
        login(elsewhere, people.leader)
        csrf = login(client, people.leader)
        wrong = client.post(
            "/account/password",
            data={"csrf_token": csrf, "current": "not the password", "new": NEW_PASSWORD},
            headers={"Accept-Language": "sv"},
        )
        assert wrong.status_code == 422 and "Det nuvarande lösenordet" in wrong.text
        weak = client.post(
            "/account/password",
            data={"csrf_token": csrf, "current": "correct horse battery", "new": "short"},
        )
        assert weak.status_code == 422
        done = client.post(
            "/account/password",
            data={"csrf_token": csrf, "current": "correct horse battery", "new": NEW_PASSWORD},
            follow_redirects=False,
        )
        assert done.status_code == 303
        assert client.get("/account").status_code == 200  # this session carries on
        assert elsewhere.get("/account", follow_redirects=False).status_code == 303
    client.cookies.clear()
    assert _log_in_with(client, people.leader.email, NEW_PASSWORD) == 303


def test_a_token_shows_once_works_and_stops_at_once_when_revoked(
    client: TestClient, people: People, initiative: Initiative
) -> None:
    csrf = login(client, people.leader)
    created = client.post(
        "/account/tokens", data={"csrf_token": csrf, "label": "my script", "days": "30"}
    )
    assert created.status_code == 200
    match = TOKEN.search(created.text)
    assert match
    token = match.group(1)
    page = client.get("/account")
    assert "my script" in page.text and token not in page.text
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get(f"/api/initiatives/{initiative.id}", headers=headers).status_code == 200
    token_id = re.search(r'id="token-(\d+)"', page.text)
    assert token_id
    revoked = client.post(
        f"/account/tokens/{token_id.group(1)}/revoke",
        data={"csrf_token": csrf},
        follow_redirects=False,
    )
    assert revoked.status_code == 303
    assert client.get(f"/api/initiatives/{initiative.id}", headers=headers).status_code == 401


def test_nobody_revokes_someone_elses_token(client: TestClient, people: People) -> None:
    csrf = login(client, people.leader)
    client.post("/account/tokens", data={"csrf_token": csrf, "label": "mine", "days": "30"})
    token_id = re.search(r'id="token-(\d+)"', client.get("/account").text)
    assert token_id
    client.cookies.clear()
    csrf = login(client, people.outsider)
    answer = client.post(f"/account/tokens/{token_id.group(1)}/revoke", data={"csrf_token": csrf})
    assert answer.status_code == 404
