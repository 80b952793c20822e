"""Operations: no cache keeps a page or an API answer, HSTS with HTTPS-only cookies, and
links built from KLUSTERFAS_BASE_URL behind a proxy."""

from __future__ import annotations

import dataclasses

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.config import Settings, parse_base_url, parse_networks
from app.models.initiatives import Initiative
from app.web.application import create_app
from tests.conftest import People, bearer, login


def _variant(app: FastAPI, **changes: object) -> FastAPI:
    settings = dataclasses.replace(app.state.settings, **changes)
    return create_app(settings, sessions=app.state.sessionmaker)


def test_pages_and_api_answers_are_never_cached(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    assert client.get("/login").headers["Cache-Control"] == "no-store"
    login(client, people.support)
    for path in ("/initiatives", f"/initiatives/{initiative.id}", "/portfolio"):
        assert client.get(path).headers["Cache-Control"] == "no-store", path
    api = client.get("/api/initiatives", headers=bearer(session, people.support))
    assert api.status_code == 200 and api.headers["Cache-Control"] == "no-store"
    # Error answers too; only the static files may be cached.
    assert client.get("/api/initiatives/999999").headers["Cache-Control"] == "no-store"
    assert "no-store" not in client.get("/static/app.css").headers.get("Cache-Control", "")


def test_hsts_only_with_https_only_cookies(app: FastAPI, client: TestClient) -> None:
    assert "Strict-Transport-Security" not in client.get("/login").headers
    with TestClient(_variant(app, secure_cookies=True), base_url="https://testserver") as secure:
        hsts = secure.get("/login").headers["Strict-Transport-Security"]
    assert hsts.startswith("max-age=") and int(hsts.split("=")[1]) >= 180 * 86400


def test_auditor_links_are_built_from_the_base_url(
    app: FastAPI, client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    url = f"/api/initiatives/{initiative.id}/auditor-links"
    body = {"label": "Revisor", "days": 7}
    headers = bearer(session, people.support)
    internal = client.post(url, json=body, headers=headers)
    assert internal.status_code == 201 and internal.json()["url"].startswith(
        "http://testserver/audit/"
    )
    public = _variant(app, base_url="https://klusterfas.region.se")
    with TestClient(public, base_url="http://10.0.0.7:8000") as behind_proxy:
        created = behind_proxy.post(url, json=body, headers=headers)
    assert created.status_code == 201
    assert created.json()["url"].startswith("https://klusterfas.region.se/audit/")


def test_the_settings_read_and_check_the_new_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    assert parse_base_url(" https://kf.region.se/ ") == "https://kf.region.se"
    assert parse_base_url("") == ""
    with pytest.raises(ValueError, match="KLUSTERFAS_BASE_URL"):
        parse_base_url("kf.region.se")
    proxies = parse_networks("10.0.0.5, 192.168.0.0/24 ,::1")
    assert [str(p) for p in proxies] == ["10.0.0.5/32", "192.168.0.0/24", "::1/128"]
    with pytest.raises(ValueError, match="KLUSTERFAS_TRUSTED_PROXIES"):
        parse_networks("10.0.0.300")
    monkeypatch.setenv("KLUSTERFAS_SECRET_KEY", "s")
    monkeypatch.setenv("KLUSTERFAS_AUDIT_KEY", "a")
    monkeypatch.setenv("KLUSTERFAS_TRUSTED_PROXIES", "127.0.0.1")
    monkeypatch.setenv("KLUSTERFAS_BASE_URL", "https://kf.region.se/")
    settings = Settings.from_env()
    assert [str(p) for p in settings.trusted_proxies] == ["127.0.0.1/32"]
    assert settings.base_url == "https://kf.region.se"
