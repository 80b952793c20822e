"""The portfolio dashboard and its JSON API over HTTP: every filter, sort and page."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import delete
from sqlalchemy.orm import Session

from app.initiatives import services as initiatives
from app.labels import label
from app.models.access import Funding
from app.phases import Category, Phase, get_model
from app.support import services as support
from tests.conftest import People, bearer, login
from tests.portfolio.helpers import Portfolio, build

BY_READINESS = ["Livsmedelsarenan", "Textilnoden", "Rymdklustret", "Besöksnätverket"]
BY_NAME_DESC = ["Textilnoden", "Rymdklustret", "Livsmedelsarenan", "Besöksnätverket"]


@pytest.fixture
def portfolio(session: Session, people: People) -> Portfolio:
    return build(session, people)


def names(client: TestClient, headers: dict[str, str], query: str) -> list[str]:
    response = client.get(f"/api/portfolio?{query}", headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert body["total"] >= len(body["items"])
    return [item["name"] for item in body["items"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Besöksnätverket", "Livsmedelsarenan", "Rymdklustret", "Textilnoden"]),
        ("region=Norrbotten", ["Rymdklustret"]),
        ("region=Norrbotten&region=Sk%C3%A5ne", ["Livsmedelsarenan", "Rymdklustret"]),
        ("phase=pilot", ["Textilnoden"]),
        ("phase=pilot&phase=closed", ["Besöksnätverket", "Textilnoden"]),
        ("sector=Rymd", ["Rymdklustret"]),
        ("stalled=true", ["Rymdklustret"]),
        ("stalled=false", ["Besöksnätverket", "Livsmedelsarenan", "Textilnoden"]),
        ("readiness_min=100", ["Livsmedelsarenan"]),
        ("readiness_max=50", ["Rymdklustret", "Textilnoden"]),
        ("readiness_min=40&readiness_max=50", ["Textilnoden"]),
        ("q=textil", ["Textilnoden"]),
        ("q=norrbotten", ["Rymdklustret"]),
        ("sort=readiness&order=desc", BY_READINESS),
        ("sort=name&order=desc", BY_NAME_DESC),
        ("sort=region", ["Besöksnätverket", "Rymdklustret", "Livsmedelsarenan", "Textilnoden"]),
        ("sort=phase", ["Livsmedelsarenan", "Rymdklustret", "Textilnoden", "Besöksnätverket"]),
        ("sort=days_in_phase&order=desc&stalled=true", ["Rymdklustret"]),
        ("sort=last_activity&per_page=1", ["Rymdklustret"]),
        ("per_page=2&page=2", ["Rymdklustret", "Textilnoden"]),
    ],
)  # fmt: skip
def test_every_filter_and_sort(
    client: TestClient, session: Session, people: People, portfolio: Portfolio,
    query: str, expected: list[str],
) -> None:  # fmt: skip
    assert names(client, bearer(session, people.funder), query) == expected


def test_rows_carry_readiness_progress_and_activity(
    client: TestClient, session: Session, people: People, portfolio: Portfolio
) -> None:
    for hours, kronor in (("2.5", 1200), ("1.25", 800)):  # support delivered: the log
        support.record_activity(
            session, user=people.support, initiative_id=portfolio.textile.id,
            raw={"on": "2025-01-15", "kind": "advice", "hours": hours, "cost_sek": kronor},
        )  # fmt: skip
    body = client.get("/api/portfolio", headers=bearer(session, people.support)).json()
    assert body["total"] == 4
    rows = {item["name"]: item for item in body["items"]}
    textile = rows["Textilnoden"]
    assert textile["phase"] == "pilot"
    assert textile["readiness"] == pytest.approx(300 / 7, abs=0.1)
    assert textile["progress"]["results"]["total"] > 0
    assert textile["stalled"] is False
    assert textile["support_delivered"] == {"activities": 2, "hours": 3.75, "cost_sek": 2000}
    assert rows["Rymdklustret"]["support_delivered"] == {"activities": 0, "hours": 0, "cost_sek": 0}
    assert rows["Livsmedelsarenan"]["readiness"] == 100
    assert rows["Besöksnätverket"]["readiness"] is None
    assert rows["Besöksnätverket"]["stalled"] is False
    assert rows["Rymdklustret"]["stalled"] is True
    assert rows["Rymdklustret"]["days_in_phase"] >= 99


def test_each_row_shows_its_checklists_progress_in_the_readers_language(
    client: TestClient, session: Session, people: People, portfolio: Portfolio
) -> None:
    body = client.get("/api/portfolio", headers=bearer(session, people.support)).json()
    (textile,) = [item for item in body["items"] if item["name"] == "Textilnoden"]
    shown = {c: n for c, n in textile["progress"].items() if n["total"]}
    assert shown
    login(client, people.support)
    for locale in ("sv", "en"):
        page = client.get("/portfolio", headers={"Accept-Language": locale}).text
        row = page.split(">Textilnoden</a>")[1].split("</tr>")[0]
        for category, n in shown.items():
            name = label(Category(category), locale)
            assert f'value="{n["done"]}" max="{n["total"]}" aria-label="{name}"' in row, row
            assert f'<span class="small">{name}</span>' in row
            assert f"{n['done']}/{n['total']}" in row
        assert row.count("<progress ") == len(shown)


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("phase=nowhere", "phase"),
        ("stalled=maybe", "stalled"),
        ("readiness_min=-1", "readiness_min"),
        ("readiness_max=101", "readiness_max"),
        ("readiness_min=60&readiness_max=10", "readiness_min"),
        ("sort=colour", "sort"),
        ("order=up", "order"),
        ("page=0", "page"),
        ("per_page=201", "per_page"),
        ("per_page=ten", "per_page"),
    ],
)
def test_invalid_filters_get_422_naming_the_field(
    client: TestClient, session: Session, people: People, query: str, field: str
) -> None:
    response = client.get(f"/api/portfolio?{query}", headers=bearer(session, people.support))
    assert response.status_code == 422
    assert response.json()["field"] == field


def test_leadership_sees_only_its_own_initiatives(
    client: TestClient, session: Session, people: People, initiative: Any, portfolio: Portfolio
) -> None:
    assert names(client, bearer(session, people.leader), "") == ["Textilnoden"]
    assert names(client, bearer(session, people.outsider), "") == []


def test_the_api_needs_authentication(client: TestClient) -> None:
    assert client.get("/api/portfolio").status_code == 401


def test_the_page_filters_sorts_and_keeps_filters_in_links(
    client: TestClient, session: Session, people: People, portfolio: Portfolio
) -> None:
    login(client, people.support)
    page = client.get("/portfolio?phase=pilot&phase=initiation&sort=readiness")
    assert page.status_code == 200
    assert "Textilnoden" in page.text and "Rymdklustret" in page.text
    assert "Livsmedelsarenan" not in page.text
    # Exports and the sort links keep the filters.
    assert "/portfolio/export.csv?phase=pilot&amp;phase=initiation&amp;sort=readiness" in page.text
    assert 'hx-push-url="true"' in page.text
    partial = client.get("/portfolio?stalled=true", headers={"HX-Request": "true"})
    assert partial.text.lstrip().startswith('<section id="portfolio-results"')
    assert "Rymdklustret" in partial.text and "Textilnoden" not in partial.text


def test_the_page_shows_a_bad_filter_without_crashing(
    client: TestClient, session: Session, people: People, portfolio: Portfolio
) -> None:
    login(client, people.support)
    page = client.get("/portfolio?readiness_min=abc")
    assert page.status_code == 422
    assert "readiness_min" in page.text
    assert "Textilnoden" in page.text  # the whole portfolio instead


def test_one_click_lists_the_blocking_items(
    client: TestClient, session: Session, people: People, portfolio: Portfolio
) -> None:
    required = get_model().required_items(Phase.PILOT)
    login(client, people.funder)
    fragment = client.get(
        f"/portfolio/blocking/{portfolio.textile.id}", headers={"HX-Request": "true"}
    ).text
    assert required[3].text.sv in fragment
    assert required[0].text.sv not in fragment
    body = client.get(
        f"/api/portfolio/{portfolio.textile.id}/blocking", headers=bearer(session, people.funder)
    ).json()
    assert [i["key"] for i in body["items"]] == [i.key for i in required[3:]]


def test_regions_threshold_changes_what_is_stalled(
    client: TestClient, session: Session, people: People, portfolio: Portfolio
) -> None:
    support = bearer(session, people.support)
    response = client.put(
        "/api/portfolio/regions/Norrbotten", json={"stalled_after_days": 200}, headers=support
    )
    assert response.status_code == 200, response.text
    assert names(client, support, "stalled=true") == []
    regions = client.get("/api/portfolio/regions", headers=support).json()
    assert {"region": "Norrbotten", "stalled_after_days": 200, "is_default": False} in regions[
        "items"
    ]
    funder = bearer(session, people.funder)
    refused = client.put(
        "/api/portfolio/regions/Norrbotten", json={"stalled_after_days": 5}, headers=funder
    )
    assert refused.status_code == 403
    bad = client.put(
        "/api/portfolio/regions/Norrbotten", json={"stalled_after_days": 0}, headers=support
    )
    assert bad.status_code == 422


def test_regions_page_form(
    client: TestClient, session: Session, people: People, portfolio: Portfolio
) -> None:
    csrf = login(client, people.support)
    saved = client.post(
        "/portfolio/regions",
        data={"region": "Skåne", "stalled_after_days": "7", "csrf_token": csrf},
        follow_redirects=False,
    )
    assert saved.status_code == 303
    page = client.get("/portfolio/regions")
    assert "Skåne" in page.text and ">7" in page.text
    bad = client.post(
        "/portfolio/regions",
        data={"region": "Skåne", "stalled_after_days": "x", "csrf_token": csrf},
    )
    assert bad.status_code == 422


@pytest.mark.parametrize("q", ["öster", "ÖSTERGÖTLAND", "drönar", "Drönarnoden", "50%_"])
def test_free_text_search_ignores_case_beyond_ascii(
    client: TestClient, session: Session, people: People, q: str
) -> None:
    initiatives.create_initiative(
        session, actor=people.support, name="Drönarnoden", region="Östergötland"
    )
    found = names(client, bearer(session, people.support), f"q={q}")
    assert found == ([] if q == "50%_" else ["Drönarnoden"])


def test_a_funder_sees_only_what_it_funds(
    client: TestClient, session: Session, people: People, portfolio: Portfolio
) -> None:
    session.execute(
        delete(Funding).where(
            Funding.user_id == people.funder.id, Funding.initiative_id != portfolio.textile.id
        )
    )
    session.commit()
    headers = bearer(session, people.funder)
    assert names(client, headers, "") == ["Textilnoden"]
    export = client.get("/portfolio/export.csv?lang=en", headers=headers).text
    assert "Textilnoden" in export and "Rymdklustret" not in export
    space = portfolio.space.id
    assert client.get(f"/api/portfolio/{space}/blocking", headers=headers).status_code == 404
    login(client, people.funder)
    assert client.get(f"/portfolio/blocking/{space}").status_code == 404
    page = client.get("/portfolio").text
    assert "Textilnoden" in page and "Rymdklustret" not in page and "Norrbotten" not in page
