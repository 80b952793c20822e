"""The support log's JSON API: every status of an initiative's activities, exact sums, and
the portfolio per region, scoped like the portfolio."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.clock import local_today
from app.initiatives import services as initiatives
from app.models.access import Funding
from app.models.initiatives import Initiative
from app.phases import Category, get_model
from tests.conftest import People, bearer
from tests.support.helpers import activity_count, support_keys

PATH = "/api/initiatives/{}/support-activities"


def post(client: TestClient, session: Session, user: Any, initiative_id: int, **body: Any) -> Any:
    sent = {"on": "2026-10-01", "kind": "workshop", "hours": 2, **body}
    return client.post(PATH.format(initiative_id), json=sent, headers=bearer(session, user))


def test_post_answers_201_with_the_activity(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    key = support_keys(initiative)[0]
    response = post(
        client, session, people.support, initiative.id,
        hours=6.5, cost_sek=12000, item_key=key, note="Strategiworkshop",
    )  # fmt: skip
    assert response.status_code == 201, response.text
    body = response.json()
    assert set(body) == {
        "id", "initiative_id", "on", "kind", "hours", "cost_sek", "item_key", "item_text",
        "note", "created_at", "created_by",
    }  # fmt: skip
    assert (body["on"], body["kind"], body["hours"], body["cost_sek"]) == (
        "2026-10-01", "workshop", 6.5, 12000,
    )  # fmt: skip
    assert body["item_key"] == key and set(body["item_text"]) == {"sv", "en"}
    assert body["created_by"] == people.support.email
    admin = post(client, session, people.admin, initiative.id, hours="1.25", kind="advice")
    assert admin.status_code == 201 and admin.json()["cost_sek"] == 0


def test_get_lists_newest_first_with_exact_totals(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    sent = [("2026-01-05", "0.1", 1), ("2026-03-01", "0.2", 2), ("2026-02-01", "1234.57", 999_999)]
    for on, hours, kronor in sent:
        assert post(client, session, people.support, initiative.id, on=on, hours=hours,
                    cost_sek=kronor).status_code == 201  # fmt: skip
    for reader in (people.leader, people.funder, people.admin):
        listed = client.get(PATH.format(initiative.id), headers=bearer(session, reader))
        assert listed.status_code == 200
        body = listed.json()
        assert [a["on"] for a in body["items"]] == ["2026-03-01", "2026-02-01", "2026-01-05"]
        assert [a["hours"] for a in body["items"]] == [0.2, 1234.57, 0.1]
        assert (body["hours"], body["cost_sek"]) == (1234.87, 1_000_002)


@pytest.mark.parametrize(
    ("body", "field", "code"),
    [
        ({"kind": "coffee"}, "kind", "unknown_support_kind"),
        ({"hours": -1}, "hours", "invalid_hours"),
        ({"hours": 1.005}, "hours", "invalid_hours"),
        ({"cost_sek": -100}, "cost_sek", "invalid_cost"),
        ({"cost_sek": 99.5}, "cost_sek", "invalid_cost"),
        ({"on": "2099-01-01"}, "on", "date_in_future"),
        ({"on": "igår"}, "on", "invalid_date"),
        ({"item_key": "initiation.support.no_such_item"}, "item_key", "unknown_support_item"),
        ({"minutes": 30}, "minutes", "unknown_field"),
    ],
)
def test_bad_input_gets_422_naming_the_field(
    client: TestClient, session: Session, people: People, initiative: Initiative,
    body: dict[str, Any], field: str, code: str,
) -> None:  # fmt: skip
    response = post(client, session, people.support, initiative.id, **body)
    assert response.status_code == 422
    problem = response.json()
    assert (problem["field"], problem["code"]) == (field, code)
    assert problem["detail"]
    assert activity_count(session, initiative.id) == 0


def test_tomorrow_is_the_future_and_other_checklists_are_not_process_support(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    tomorrow = (local_today() + timedelta(days=1)).isoformat()
    assert post(client, session, people.support, initiative.id, on=tomorrow).json()["code"] == (
        "date_in_future"
    )
    today = local_today().isoformat()
    assert post(client, session, people.support, initiative.id, on=today).status_code == 201
    assert support_keys(initiative)  # the model has Processtöd items; a result is not one
    results = next(
        i.key for i in get_model(initiative.model_version).items if i.category is Category.RESULTS
    )
    refused = post(client, session, people.support, initiative.id, item_key=results)
    assert (refused.status_code, refused.json()["field"]) == (422, "item_key")


def test_only_support_and_admins_write_and_others_do_not_see_it(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    for user in (people.leader, people.funder):
        response = post(client, session, user, initiative.id)
        assert response.status_code == 403
        assert response.json()["code"] == "may_not_record_support"
    assert post(client, session, people.outsider, initiative.id).status_code == 404
    assert post(client, session, people.support, 10**6).status_code == 404
    assert client.get(PATH.format(initiative.id), headers=bearer(session, people.outsider)
                      ).status_code == 404  # fmt: skip
    assert client.get(PATH.format(initiative.id)).status_code == 401
    assert activity_count(session, initiative.id) == 0


# --- the portfolio ---


def test_the_portfolio_sums_per_region_scoped_and_filtered(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    space = initiatives.create_initiative(
        session, actor=people.support, name="Rymdnoden", region="Norrbotten", sector="Rymd"
    )
    secret = initiatives.create_initiative(
        session, actor=people.support, name="Skognoden", region="Norrbotten"
    )
    session.add(Funding(initiative_id=space.id, user_id=people.funder.id))
    session.commit()
    for target, on, hours, kronor in [
        (initiative, "2026-01-10", "2.25", 1000),
        (initiative, "2026-06-30", "1.5", 250),
        (space, "2026-02-01", "4", 7000),
        (secret, "2026-02-01", "8", 9000),
        (space, "2025-12-31", "100", 100_000),
    ]:
        assert post(client, session, people.support, target.id, on=on, hours=hours,
                    cost_sek=kronor).status_code == 201  # fmt: skip

    def get(user: Any, query: str) -> Any:
        response = client.get(f"/api/portfolio/support?{query}", headers=bearer(session, user))
        assert response.status_code == 200, response.text
        return response.json()

    every = get(people.support, "from=2026-01-01&to=2026-12-31")
    assert every == {
        "items": [
            {"region": "Norrbotten", "activities": 2, "hours": 12, "cost_sek": 16000},
            {"region": "Västra Götaland", "activities": 2, "hours": 3.75, "cost_sek": 1250},
        ],
        "total": {"activities": 4, "hours": 15.75, "cost_sek": 17250},
    }
    # A funder's totals count only the initiatives it finances.
    assert get(people.funder, "from=2026-01-01")["total"] == {
        "activities": 3, "hours": 7.75, "cost_sek": 8250,
    }  # fmt: skip
    assert get(people.funder, "")["total"] == {
        "activities": 4, "hours": 107.75, "cost_sek": 108250,
    }  # fmt: skip
    assert get(people.leader, "to=2026-03-31")["items"] == [
        {"region": "Västra Götaland", "activities": 1, "hours": 2.25, "cost_sek": 1000},
    ]
    assert get(people.outsider, "") == {
        "items": [], "total": {"activities": 0, "hours": 0, "cost_sek": 0},
    }  # fmt: skip
    # The dashboard's filters apply.
    assert get(people.support, "sector=Rymd")["total"]["cost_sek"] == 107_000
    assert [i["region"] for i in get(people.support, "region=Norrbotten")["items"]] == [
        "Norrbotten"
    ]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("from=2026-02-30", "from"),
        ("to=yesterday", "to"),
        ("from=2026-05-01&to=2026-04-30", "to"),
        ("phase=nowhere", "phase"),
        ("readiness_min=101", "readiness_min"),
    ],
)
def test_bad_portfolio_parameters_get_422_naming_the_field(
    client: TestClient, session: Session, people: People, query: str, field: str
) -> None:
    response = client.get(
        f"/api/portfolio/support?{query}", headers=bearer(session, people.support)
    )
    assert response.status_code == 422
    assert response.json()["field"] == field
    assert client.get("/api/portfolio/support").status_code == 401
