"""Logging in and out through HTTP: the server ends sessions, and throttling is counted
in the database per address and account, from the real client behind trusted proxies."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from app.accounts import services as accounts
from app.config import Settings
from app.web.application import create_app
from tests.conftest import AUDIT_KEY, PASSWORD, People, csrf_of, login

PROXY = "10.1.2.3"


def _settings(database_url: str, tmp_path: Path, **extra: object) -> Settings:
    return Settings(
        audit_key=AUDIT_KEY,
        database_url=database_url,
        secret_key="test-secret",
        secure_cookies=False,
        session_max_age=3600,
        data_dir=tmp_path / "data",
        **extra,  # type: ignore[arg-type]
    )


@pytest.fixture
def proxied_app(database_url: str, sessions: sessionmaker[Session], tmp_path: Path) -> FastAPI:
    settings = _settings(
        database_url, tmp_path, trusted_proxies=(ipaddress.ip_network("10.0.0.0/8"),)
    )
    return create_app(settings, sessions=sessions)


@pytest.fixture
def other_process(
    database_url: str, sessions: sessionmaker[Session], tmp_path: Path
) -> Iterator[TestClient]:
    """A second app on the same database, as a second process or machine would be."""
    app = create_app(_settings(database_url, tmp_path), sessions=sessions)
    with TestClient(app, base_url="http://testserver") as client:
        yield client


def _post_login(
    client: TestClient, email: str, password: str, headers: dict[str, str] | None = None
) -> int:
    token = csrf_of(client.get("/login").text)
    response = client.post(
        "/login",
        data={"email": email, "password": password, "csrf_token": token},
        headers=headers or {},
        follow_redirects=False,
    )
    return response.status_code


def test_a_cookie_copied_before_logout_stops_working(
    app: FastAPI, client: TestClient, people: People
) -> None:
    csrf = login(client, people.leader)
    copied = dict(client.cookies)
    assert client.post("/logout", data={"csrf_token": csrf}, follow_redirects=False).status_code
    with TestClient(app, base_url="http://testserver", cookies=copied) as thief:
        page = thief.get("/initiatives", follow_redirects=False)
        assert page.status_code == 303 and page.headers["location"].startswith("/login")
        assert thief.get("/api/initiatives").status_code == 401
    # Logging in again gives a working session.
    login(client, people.leader)
    assert client.get("/initiatives").status_code == 200


def test_a_deactivated_person_is_logged_out_and_refused(
    client: TestClient, session: Session, people: People
) -> None:
    login(client, people.leader)
    accounts.set_active(session, email=people.leader.email, active=False)
    assert client.get("/initiatives", follow_redirects=False).status_code == 303
    assert _post_login(client, people.leader.email, PASSWORD) == 403
    page = client.post(
        "/login",
        data={
            "email": people.leader.email,
            "password": PASSWORD,
            "csrf_token": csrf_of(client.get("/login").text),
        },
        headers={"Accept-Language": "sv"},
    )
    assert "Kontot är avaktiverat" in page.text
    accounts.set_active(session, email=people.leader.email, active=True)
    assert _post_login(client, people.leader.email, PASSWORD) == 303


def test_spraying_many_accounts_from_one_address_is_throttled(
    client: TestClient, people: People
) -> None:
    for n in range(10):  # one guess each at ten accounts: the old per-account key let it be
        assert _post_login(client, f"person{n}@example.se", "Sommar2026!x") == 401
    token = csrf_of(client.get("/login").text)
    blocked = client.post(
        "/login", data={"email": people.admin.email, "password": PASSWORD, "csrf_token": token}
    )
    assert blocked.status_code == 429 and blocked.headers["Retry-After"] == "900"
    assert "För många misslyckade försök" in blocked.text


def test_the_count_holds_across_processes(
    client: TestClient, other_process: TestClient, people: People
) -> None:
    for _ in range(10):
        assert _post_login(client, people.support.email, "fel men långt") == 401
    assert _post_login(other_process, people.support.email, PASSWORD) == 429


def test_someone_elses_failures_never_lock_the_real_user_out(
    proxied_app: FastAPI, people: People
) -> None:
    with (
        TestClient(proxied_app, client=("198.51.100.66", 4000)) as attacker,
        TestClient(proxied_app, client=("203.0.113.10", 4000)) as owner,
    ):
        for _ in range(25):
            _post_login(attacker, people.leader.email, "gissning nummer x")
        assert _post_login(attacker, people.leader.email, PASSWORD) == 429
        assert _post_login(owner, people.leader.email, PASSWORD) == 303


def test_x_forwarded_for_counts_only_from_a_trusted_proxy(
    proxied_app: FastAPI, people: People
) -> None:
    with (
        TestClient(proxied_app, client=(PROXY, 4000)) as proxy,
        TestClient(proxied_app, client=("192.0.2.50", 4000)) as direct,
    ):
        # Behind the proxy, each client is counted by its own address.
        attacker = {"X-Forwarded-For": "198.51.100.5"}
        for _ in range(10):
            assert _post_login(proxy, people.funder.email, "fel men långt", attacker) == 401
        assert _post_login(proxy, people.funder.email, PASSWORD, attacker) == 429
        owner = {"X-Forwarded-For": "203.0.113.20"}
        assert _post_login(proxy, people.funder.email, PASSWORD, owner) == 303
        # Anyone else's X-Forwarded-For is ignored: a new header per try does not help.
        for n in range(10):
            forged = {"X-Forwarded-For": f"203.0.113.{100 + n}"}
            assert _post_login(direct, people.admin.email, "fel men långt", forged) == 401
        forged = {"X-Forwarded-For": "203.0.113.99"}
        assert _post_login(direct, people.admin.email, PASSWORD, forged) == 429


def test_a_huge_password_is_refused_without_hashing(client: TestClient, people: People) -> None:
    assert _post_login(client, people.admin.email, "x" * 50_000) == 401
