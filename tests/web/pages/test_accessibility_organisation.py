"""The accessibility statement names the organisation responsible, from the settings
(KLUSTERFAS_ORGANISATION_NAME), in Swedish and in English."""

from __future__ import annotations

from dataclasses import replace

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.config import DEFAULT_ORGANISATION_NAME, Settings


@pytest.mark.parametrize(
    ("locale", "sentence"),
    [("sv", "Region Exempel står bakom den här tjänsten."),
     ("en", "Region Exempel is responsible for this service.")],
)  # fmt: skip
def test_the_statement_names_the_organisation_of_the_settings(
    app: FastAPI, client: TestClient, locale: str, sentence: str
) -> None:
    app.state.settings = replace(app.state.settings, organisation_name="Region Exempel")
    page = client.get("/tillganglighet", headers={"Accept-Language": locale})
    assert page.status_code == 200
    assert f'<html lang="{locale}">' in page.text
    assert sentence in page.text


def test_the_organisation_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KLUSTERFAS_SECRET_KEY", "k")
    monkeypatch.setenv("KLUSTERFAS_AUDIT_KEY", "a")
    monkeypatch.setenv("KLUSTERFAS_ORGANISATION_NAME", "  Region Exempel ")
    assert Settings.from_env().organisation_name == "Region Exempel"
    monkeypatch.setenv("KLUSTERFAS_ORGANISATION_NAME", " ")
    assert Settings.from_env().organisation_name == DEFAULT_ORGANISATION_NAME
