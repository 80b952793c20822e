"""An installation on the Swedish grid preset: the form, the page, the API and the portfolio
summary, which compares like with like and says what it leaves out."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from app.internationalisation import services as assessment_services
from app.internationalisation.grids import RU_PILOT_CLUSTERS, SE_REGIONAL, Grid
from app.internationalisation.scale import Dimension
from app.models.initiatives import Initiative
from app.web.application import create_app
from tests.conftest import People, bearer, login


@pytest.fixture
def se_client(app: FastAPI, sessions: sessionmaker[Session]) -> Iterator[TestClient]:
    """The test app's settings, on the Swedish preset."""
    settings = dataclasses.replace(app.state.settings, assessment_grid="se-regional/1")
    with TestClient(create_app(settings, sessions=sessions), base_url="http://testserver") as c:
        yield c


def raw(grid: Grid, on: str, level: int, score: int | None) -> dict[str, Any]:
    return {
        "assessed_on": on,
        "level": level,
        **{d.value: dict.fromkeys(grid.keys(d), score) for d in Dimension},
    }


def named(grid: Grid, on: str, level: int, score: int | None) -> dict[str, Any]:
    return raw(grid, on, level, score) | {"grid": grid.id}


def test_the_form_and_the_api_record_under_the_preset(
    se_client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    token = login(se_client, people.leader)
    form = se_client.get(f"/initiatives/{initiative.id}/internationalisation/new").text
    assert 'id="geography-nordics"' in form and 'id="geography-cis"' not in form
    assert "Svensk region" in form
    assert "0 – Inga internationella kontakter" in form  # the groups' own end label
    assert "4 – Stabilt samarbete med hög intensitet" in form  # geography's
    assert '<option value="2" >2</option>' in form  # 1–3 bare numbers, no words of our own
    assert "Mellan nivå 3 och nivå 5" in form
    assert "интернационализация не входит в планы" in form  # the survey's own words
    fields = {"csrf_token": token, "assessed_on": "2026-10-01", "level": "4"}
    for dimension in Dimension:
        for key in SE_REGIONAL.keys(dimension):
            fields[f"{dimension.value}.{key}"] = "3"
    url = f"/initiatives/{initiative.id}/internationalisation"
    assert se_client.post(url, data=fields, follow_redirects=False).status_code == 303
    page = se_client.get(url).text
    assert "Mall: Svensk region" in page and "Nordamerika" in page
    headers = bearer(session, people.support)
    api = f"/api/initiatives/{initiative.id}/internationalisation-assessments"
    posted = se_client.post(api, json=raw(SE_REGIONAL, "2026-10-02", 5, 2), headers=headers)
    assert posted.status_code == 201 and posted.json()["grid"] == "se-regional/1"
    old = raw(RU_PILOT_CLUSTERS, "2026-10-03", 6, 1) | {"grid": "ru-pilot-clusters/1"}
    named = se_client.post(api, json=old, headers=headers)
    assert named.status_code == 201 and named.json()["grid"] == "ru-pilot-clusters/1"
    wrong = se_client.post(api, json=raw(RU_PILOT_CLUSTERS, "2026-10-04", 6, 1), headers=headers)
    assert wrong.status_code == 422 and wrong.json()["field"] == "geography"
    # The latest (under the survey's grid) is drawn alone: the previous one's areas differ.
    page = se_client.get(url).text
    assert "Den registrerades med en annan mall (Svensk region)" in page


def test_the_portfolio_compares_like_with_like_and_says_what_it_leaves_out(
    se_client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    from app.initiatives import services as initiatives

    other = initiatives.create_initiative(session, actor=people.support, name="B", region="R")
    third = initiatives.create_initiative(session, actor=people.support, name="C", region="R")
    record = assessment_services.record
    record(
        session,
        user=people.support,
        initiative_id=initiative.id,
        raw=named(SE_REGIONAL, "2026-09-01", 2, 0),
    )
    record(
        session,
        user=people.support,
        initiative_id=other.id,
        raw=named(SE_REGIONAL, "2026-09-01", 5, 4),
    )
    record(
        session,
        user=people.support,
        initiative_id=third.id,
        raw=named(RU_PILOT_CLUSTERS, "2026-09-01", 7, 3),
    )
    headers = bearer(session, people.support)
    body = se_client.get("/api/portfolio/internationalisation", headers=headers).json()
    assert (body["grid"], body["assessed"], body["compared"]) == ("se-regional/1", 3, 2)
    assert body["left_out"] == {"ru-pilot-clusters/1": 1}
    assert list(body["geography"]) == list(SE_REGIONAL.keys(Dimension.GEOGRAPHY))
    assert body["geography"]["nordics"] == {
        "mean": 2.0,
        "share_high": 0.5,
        "share_no_info": 0.0,
        "share_zero": 0.5,
        "n": 2,
    }
    assert body["median_level"] == 5.0 and body["mean_level"] == pytest.approx(14 / 3)
    ru = se_client.get(
        "/api/portfolio/internationalisation?grid=ru-pilot-clusters/1", headers=headers
    ).json()
    assert (ru["compared"], ru["left_out"]) == (1, {"se-regional/1": 2})
    assert "cis" in ru["geography"]
    unknown = se_client.get("/api/portfolio/internationalisation?grid=x", headers=headers)
    assert unknown.status_code == 422 and unknown.json()["code"] == "unknown_grid"

    login(se_client, people.support)
    page = se_client.get("/portfolio/internationalisation").text
    assert "Mediannivå: 5 av 7." in page and "Medelnivå" not in page
    assert "1 bedömning med mallen Ryska pilotkluster (som i enkäten) är utelämnad" in page
    levels = re.search(r'id="level-distribution"(.*?)</table>', page, re.S)
    assert levels is not None and levels[1].count("<tr>") == 8  # the header and seven levels
    assert "33 %" in levels[1]
    assert "Andel 0" in page
    assert se_client.get("/portfolio/internationalisation?grid=x").status_code == 422
