"""The Cluster Excellence labels' JSON API: every status of an initiative's labels, and the
portfolio's labels that lapse within N days, scoped like the portfolio."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.clock import local_today
from app.evidence import services as evidence_services
from app.evidence.storage import BlobStore
from app.initiatives import services as initiatives
from app.models.access import Funding
from app.models.excellence import ClusterLabel
from app.models.initiatives import Initiative
from app.phases import Category
from tests.conftest import People, bearer
from tests.support.helpers import into_initiation, other_key

PATH = "/api/initiatives/{}/labels"


def post(client: TestClient, session: Session, user: Any, initiative_id: int, **body: Any) -> Any:
    sent = {"level": "bronze", "awarded_on": "2026-03-12", "assessing_organisation": "ESCA",
            **body}  # fmt: skip
    return client.post(PATH.format(initiative_id), json=sent, headers=bearer(session, user))


def labels(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(ClusterLabel)) or 0


def test_post_answers_201_and_valid_until_defaults_to_two_years(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    into_initiation(session, people, initiative)
    report = evidence_services.add_evidence(
        session, actor=people.leader, initiative_id=initiative.id,
        key=other_key(initiative, Category.RESULTS),
        new=evidence_services.NewEvidence("link", url="https://example.se/esca-brons.pdf"),
        store=BlobStore(None), max_bytes=1,
    )  # fmt: skip
    response = post(client, session, people.support, initiative.id, evidence_id=report.id)
    assert response.status_code == 201, response.text
    body = response.json()
    assert set(body) == {
        "id", "initiative_id", "level", "awarded_on", "valid_until", "assessing_organisation",
        "evidence_id", "created_at", "created_by",
    }  # fmt: skip
    assert (body["level"], body["awarded_on"], body["valid_until"]) == (
        "bronze", "2026-03-12", "2028-03-12",
    )  # fmt: skip
    assert body["evidence_id"] == report.id and body["created_by"] == people.support.email
    gold = post(client, session, people.admin, initiative.id, level="gold",
                awarded_on="2026-06-01", valid_until="2027-05-31")  # fmt: skip
    assert gold.status_code == 201 and gold.json()["valid_until"] == "2027-05-31"
    for reader in (people.leader, people.funder, people.support):
        listed = client.get(PATH.format(initiative.id), headers=bearer(session, reader))
        assert listed.status_code == 200
        assert [x["level"] for x in listed.json()["items"]] == ["gold", "bronze"]


@pytest.mark.parametrize(
    ("body", "field", "code"),
    [
        ({"level": "platinum"}, "level", "unknown_label_level"),
        ({"awarded_on": "2099-01-01"}, "awarded_on", "date_in_future"),
        ({"awarded_on": "mars"}, "awarded_on", "invalid_date"),
        ({"valid_until": "2026-03-01"}, "valid_until", "validity_before_award"),
        ({"valid_until": "snart"}, "valid_until", "invalid_date"),
        ({"assessing_organisation": ""}, "assessing_organisation", "required"),
        ({"evidence_id": 123456}, "evidence_id", "unknown_evidence"),
        ({"points": 12}, "points", "unknown_field"),
    ],
)
def test_bad_input_gets_422_naming_the_field(
    client: TestClient, session: Session, people: People, initiative: Initiative,
    body: dict[str, Any], field: str, code: str,
) -> None:  # fmt: skip
    response = post(client, session, people.support, initiative.id, **body)
    assert response.status_code == 422
    problem = response.json()
    assert (problem["field"], problem["code"]) == (field, code) and problem["detail"]
    assert labels(session) == 0


def test_leadership_and_funders_read_but_do_not_write(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    for user in (people.leader, people.funder):
        response = post(client, session, user, initiative.id)
        assert (response.status_code, response.json()["code"]) == (403, "may_not_record_label")
    assert post(client, session, people.outsider, initiative.id).status_code == 404
    assert post(client, session, people.admin, 10**6).status_code == 404
    outsider = client.get(PATH.format(initiative.id), headers=bearer(session, people.outsider))
    assert outsider.status_code == 404
    assert client.get(PATH.format(initiative.id)).status_code == 401
    assert labels(session) == 0


def test_the_portfolio_lists_what_lapses_within_n_days(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    today = local_today()
    space = initiatives.create_initiative(
        session, actor=people.support, name="Rymdnoden", region="Norrbotten"
    )
    secret = initiatives.create_initiative(
        session, actor=people.support, name="Skognoden", region="Värmland"
    )
    session.add(Funding(initiative_id=space.id, user_id=people.funder.id))
    session.commit()
    for target, level, awarded, lasts in [
        (initiative, "bronze", 700, 30),
        (space, "silver", 100, 90),
        (secret, "gold", 100, 10),
        (space, "bronze", 900, -1),  # lapsed yesterday
    ]:
        response = post(
            client, session, people.support, target.id, level=level,
            awarded_on=(today - timedelta(days=awarded)).isoformat(),
            valid_until=(today + timedelta(days=lasts)).isoformat(),
        )  # fmt: skip
        assert response.status_code == 201, response.text

    def get(user: Any, query: str) -> list[tuple[str, str, int]]:
        response = client.get(f"/api/portfolio/labels?{query}", headers=bearer(session, user))
        assert response.status_code == 200, response.text
        return [
            (x["initiative"]["name"], x["level"], x["days_left"]) for x in response.json()["items"]
        ]

    assert get(people.support, "expiring_within_days=30") == [
        ("Skognoden", "gold", 10), ("Textilnoden", "bronze", 30),
    ]  # fmt: skip
    assert get(people.funder, "expiring_within_days=90") == [
        ("Textilnoden", "bronze", 30), ("Rymdnoden", "silver", 90),
    ]  # fmt: skip
    assert get(people.funder, "expiring_within_days=0") == []
    assert get(people.funder, "") == [
        ("Rymdnoden", "bronze", -1), ("Textilnoden", "bronze", 30), ("Rymdnoden", "silver", 90),
    ]  # fmt: skip
    assert get(people.leader, "expiring_within_days=365") == [("Textilnoden", "bronze", 30)]
    assert get(people.support, "expiring_within_days=365&region=Norrbotten") == [
        ("Rymdnoden", "silver", 90)
    ]
    item = client.get(
        "/api/portfolio/labels?expiring_within_days=10", headers=bearer(session, people.admin)
    ).json()["items"][0]
    assert item["initiative"] == {"id": secret.id, "name": "Skognoden", "region": "Värmland"}


@pytest.mark.parametrize("days", ["-1", "3651", "tio", "1.5"])
def test_a_bad_number_of_days_gets_422_naming_it(
    client: TestClient, session: Session, people: People, days: str
) -> None:
    response = client.get(
        f"/api/portfolio/labels?expiring_within_days={days}", headers=bearer(session, people.funder)
    )
    assert response.status_code == 422
    assert (response.json()["field"], response.json()["code"]) == (
        "expiring_within_days", "invalid_days",
    )  # fmt: skip
