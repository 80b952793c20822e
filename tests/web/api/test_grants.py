"""The grants API and the portfolio's financing: exact shapes, every status, sums to the krona."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app import clock
from app.grants import services
from app.initiatives import services as initiatives
from app.models.access import Funding
from app.models.initiatives import Initiative
from tests.conftest import People, bearer

PATH = "/api/initiatives/{}/grants"
FINANCING = "/api/portfolio/financing"


@pytest.fixture
def funders(session: Session, people: People) -> dict[str, int]:
    return {
        name: services.add_funding_organisation(session, actor=people.admin, raw={"name": name}).id
        for name in ("Vinnova", "Region Västra Götaland")
    }


def body(funder: int, **changes: Any) -> dict[str, Any]:
    return {
        "funder": funder,
        "amount_sek": 1_000_000,
        "starts_on": "2026-01-01",
        "ends_on": "2027-12-31",
        **changes,
    }


def test_post_answers_201_with_the_stored_grant(
    client: TestClient, session: Session, people: People, initiative: Initiative,
    funders: dict[str, int],
) -> None:  # fmt: skip
    sent = body(
        funders["Vinnova"], programme="Klusterstöd", amount_sek=1_234_567, cofinancing_sek=400_001,
        cofinancing_cash_sek=300_000, phases=["pilot", "initiation"],
        reporting_dates=["2026-12-31", "2026-06-30"],
    )  # fmt: skip
    response = client.post(
        PATH.format(initiative.id), json=sent, headers=bearer(session, people.support)
    )
    assert response.status_code == 201, response.text
    stored = response.json()
    assert stored == {
        "id": stored["id"],
        "initiative_id": initiative.id,
        "funder": funders["Vinnova"],
        "funder_name": "Vinnova",
        "programme": "Klusterstöd",
        "amount_sek": 1_234_567,
        "cofinancing_sek": 400_001,
        "cofinancing_cash_sek": 300_000,
        "cofinancing_in_kind_sek": 100_001,
        "starts_on": "2026-01-01",
        "ends_on": "2027-12-31",
        "phases": ["initiation", "pilot"],
        "reporting_dates": ["2026-06-30", "2026-12-31"],
        "created_at": stored["created_at"],
        "created_by": people.support.email,
    }


def test_get_lists_grants_with_totals_to_the_krona(
    client: TestClient, session: Session, people: People, initiative: Initiative,
    funders: dict[str, int],
) -> None:  # fmt: skip
    admin = bearer(session, people.admin)
    sent = [
        body(funders["Vinnova"], amount_sek=1_000_001, cofinancing_sek=333_333,
             starts_on="2026-03-01"),
        body(funders["Region Västra Götaland"], amount_sek=2_499_999, starts_on="2025-01-01",
             cofinancing_cash_sek=1, cofinancing_in_kind_sek=2),
        body(funders["Vinnova"], amount_sek=7_000_000_000, cofinancing_sek=0),
    ]  # fmt: skip
    for one in sent:
        assert client.post(PATH.format(initiative.id), json=one, headers=admin).status_code == 201
    for who in (people.leader, people.funder, people.support):
        listed = client.get(PATH.format(initiative.id), headers=bearer(session, who))
        assert listed.status_code == 200
        found = listed.json()
        assert set(found) == {"items", "total_sek", "cofinancing_sek"}
        assert found["total_sek"] == 1_000_001 + 2_499_999 + 7_000_000_000
        assert found["cofinancing_sek"] == 333_333 + 3
        assert [g["starts_on"] for g in found["items"]] == [
            "2025-01-01", "2026-01-01", "2026-03-01"
        ]  # fmt: skip


def test_an_initiative_without_grants_lists_none(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    found = client.get(PATH.format(initiative.id), headers=bearer(session, people.funder))
    assert found.json() == {"items": [], "total_sek": 0, "cofinancing_sek": 0}


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"amount_sek": 0}, "amount_sek", "invalid_amount"),
        ({"amount_sek": -1}, "amount_sek", "invalid_amount"),
        ({"amount_sek": 99.5}, "amount_sek", "invalid_amount"),
        ({"cofinancing_sek": -1}, "cofinancing_sek", "invalid_cofinancing"),
        ({"cofinancing_in_kind_sek": -1}, "cofinancing_in_kind_sek", "invalid_cofinancing"),
        ({"cofinancing_sek": 10, "cofinancing_cash_sek": 4, "cofinancing_in_kind_sek": 5},
         "cofinancing_sek", "cofinancing_mismatch"),
        ({"ends_on": "2025-12-31"}, "ends_on", "ends_before_start"),
        ({"starts_on": "2026-13-01"}, "starts_on", "invalid_date"),
        ({"funder": 999_999}, "funder", "unknown_funding_organisation"),
        ({"funder": "Vinnova"}, "funder", "unknown_funding_organisation"),
        ({"phases": ["pilot", "orbit"]}, "phases[1]", "unknown_phase"),
        ({"reporting_dates": ["i juni"]}, "reporting_dates[0]", "invalid_date"),
        ({"programme": "a\u0000b"}, "programme", "invalid_characters"),
        ({"granted": 5}, "granted", "unknown_field"),
    ],
)  # fmt: skip
def test_a_bad_grant_is_422_with_detail_code_and_field(
    client: TestClient, session: Session, people: People, initiative: Initiative,
    funders: dict[str, int], changes: dict[str, Any], field: str, code: str,
) -> None:  # fmt: skip
    response = client.post(
        PATH.format(initiative.id),
        json=body(funders["Vinnova"]) | changes,
        headers=bearer(session, people.support),
    )
    assert response.status_code == 422
    answer = response.json()
    assert set(answer) == {"detail", "code", "field"} and answer["detail"]
    assert (answer["field"], answer["code"]) == (field, code)
    listed = client.get(PATH.format(initiative.id), headers=bearer(session, people.support))
    assert listed.json()["items"] == []


def test_a_body_that_is_not_an_object_is_422(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    response = client.post(
        PATH.format(initiative.id), json=[1, 2], headers=bearer(session, people.support)
    )
    assert response.status_code == 422


@pytest.mark.parametrize("who", ["leader", "funder"])
def test_leadership_and_funders_get_403(
    client: TestClient, session: Session, people: People, initiative: Initiative,
    funders: dict[str, int], who: str,
) -> None:  # fmt: skip
    response = client.post(
        PATH.format(initiative.id),
        json=body(funders["Vinnova"]),
        headers=bearer(session, getattr(people, who)),
    )
    assert response.status_code == 403
    assert response.json()["code"] == "may_not_add_grant"


def test_who_cannot_see_the_initiative_gets_404(
    client: TestClient, session: Session, people: People, initiative: Initiative,
    funders: dict[str, int],
) -> None:  # fmt: skip
    outsider = bearer(session, people.outsider)
    assert client.get(PATH.format(initiative.id), headers=outsider).status_code == 404
    posted = client.post(
        PATH.format(initiative.id), json=body(funders["Vinnova"]), headers=outsider
    )
    assert posted.status_code == 404
    admin = bearer(session, people.admin)
    assert client.get(PATH.format(999_999), headers=admin).status_code == 404
    assert client.post(PATH.format(999_999), json=body(1), headers=admin).status_code == 404
    assert client.get(PATH.format(initiative.id)).status_code == 401


def _portfolio(
    session: Session, people: People, initiative: Initiative, funders: dict[str, int]
) -> None:
    """Three grants on the test initiative (funded by the test funder) and one elsewhere."""
    other = initiatives.create_initiative(
        session, actor=people.support, name="Rymdnoden", region="Norrbotten", sector="Rymd"
    )
    unseen = initiatives.create_initiative(
        session, actor=people.support, name="Skogsklustret", region="Värmland", sector="Skog"
    )
    # The funder also finances Rymdnoden, but not Skogsklustret.
    session.add(Funding(initiative_id=other.id, user_id=people.funder.id))
    session.commit()
    vinnova, region = funders["Vinnova"], funders["Region Västra Götaland"]
    for iid, raw in [
        (initiative.id, body(region, amount_sek=1_200_001, cofinancing_sek=300_007,
                             phases=["pilot"])),
        (initiative.id, body(vinnova, amount_sek=450_003, cofinancing_cash_sek=11,
                             cofinancing_in_kind_sek=13, phases=["initiation", "pilot"])),
        (other.id, body(vinnova, amount_sek=2_000_009)),
        (unseen.id, body(region, amount_sek=5_555_555, cofinancing_sek=44_444,
                         phases=["establishment"])),
    ]:  # fmt: skip
        services.add_grant(session, actor=people.support, initiative_id=iid, raw=raw)


def test_portfolio_financing_by_region_funder_and_phase(
    client: TestClient, session: Session, people: People, initiative: Initiative,
    funders: dict[str, int],
) -> None:  # fmt: skip
    _portfolio(session, people, initiative, funders)
    support = bearer(session, people.support)
    by_region = client.get(f"{FINANCING}?group_by=region", headers=support)
    assert by_region.status_code == 200
    assert by_region.json() == {
        "items": [
            {"key": "Norrbotten", "grants": 1, "amount_sek": 2_000_009, "cofinancing_sek": 0},
            {"key": "Värmland", "grants": 1, "amount_sek": 5_555_555, "cofinancing_sek": 44_444},
            {"key": "Västra Götaland", "grants": 2, "amount_sek": 1_650_004,
             "cofinancing_sek": 300_031},
        ],
        "total": {"grants": 4, "amount_sek": 9_205_568, "cofinancing_sek": 344_475},
    }  # fmt: skip
    by_funder = client.get(f"{FINANCING}?group_by=funder", headers=support).json()
    assert [(i["key"], i["amount_sek"]) for i in by_funder["items"]] == [
        ("Region Västra Götaland", 6_755_556), ("Vinnova", 2_450_012),
    ]  # fmt: skip
    by_phase = client.get(f"{FINANCING}?group_by=phase", headers=support).json()
    assert [(i["key"], i["grants"], i["amount_sek"]) for i in by_phase["items"]] == [
        ("initiation", 1, 450_003), ("pilot", 2, 1_650_004), ("establishment", 1, 5_555_555),
        (None, 1, 2_000_009),
    ]  # fmt: skip
    assert by_phase["total"] == by_region.json()["total"]
    # The default is by region; the dashboard's filters apply.
    assert client.get(FINANCING, headers=support).json() == by_region.json()
    filtered = client.get(f"{FINANCING}?region=Norrbotten&region=Värmland", headers=support)
    assert filtered.json()["total"] == {
        "grants": 2, "amount_sek": 7_555_564, "cofinancing_sek": 44_444
    }  # fmt: skip
    texts = client.get(f"{FINANCING}?q=rymd&group_by=funder", headers=support).json()
    assert texts["items"] == [
        {"key": "Vinnova", "grants": 1, "amount_sek": 2_000_009, "cofinancing_sek": 0}
    ]


def test_a_funder_sees_only_the_grants_of_what_it_finances(
    client: TestClient, session: Session, people: People, initiative: Initiative,
    funders: dict[str, int],
) -> None:  # fmt: skip
    _portfolio(session, people, initiative, funders)
    found = client.get(f"{FINANCING}?group_by=region", headers=bearer(session, people.funder))
    assert found.json() == {
        "items": [
            {"key": "Norrbotten", "grants": 1, "amount_sek": 2_000_009, "cofinancing_sek": 0},
            {"key": "Västra Götaland", "grants": 2, "amount_sek": 1_650_004,
             "cofinancing_sek": 300_031},
        ],
        "total": {"grants": 3, "amount_sek": 3_650_013, "cofinancing_sek": 300_031},
    }  # fmt: skip
    leader = client.get(FINANCING, headers=bearer(session, people.leader)).json()
    assert leader["total"] == {"grants": 2, "amount_sek": 1_650_004, "cofinancing_sek": 300_031}
    nothing = client.get(FINANCING, headers=bearer(session, people.outsider)).json()
    assert nothing == {
        "items": [], "total": {"grants": 0, "amount_sek": 0, "cofinancing_sek": 0}
    }  # fmt: skip


@pytest.mark.parametrize(
    ("query", "field", "code"),
    [
        ("group_by=sector", "group_by", "invalid_group_by"),
        ("group_by=region&phase=orbit", "phase", "invalid_filter"),
        ("readiness_min=x", "readiness_min", "invalid_filter"),
    ],
)
def test_bad_financing_parameters_are_422_naming_the_field(
    client: TestClient, session: Session, people: People, query: str, field: str, code: str
) -> None:
    response = client.get(f"{FINANCING}?{query}", headers=bearer(session, people.support))
    assert response.status_code == 422
    assert (response.json()["field"], response.json()["code"]) == (field, code)
    assert client.get(f"{FINANCING}?{query}").status_code == 401


def test_the_portfolio_rows_carry_grants_and_the_ending_flag(
    client: TestClient, session: Session, people: People, initiative: Initiative,
    funders: dict[str, int],
) -> None:  # fmt: skip
    today = clock.local_today()  # where the regions are, as the app counts
    ends = today + timedelta(days=89)
    services.add_grant(
        session, actor=people.support, initiative_id=initiative.id,
        raw=body(funders["Vinnova"], starts_on="2025-01-01", ends_on=ends.isoformat(),
                 amount_sek=300_001, cofinancing_sek=5),
    )  # fmt: skip
    services.add_grant(
        session, actor=people.support, initiative_id=initiative.id,
        raw=body(funders["Vinnova"], starts_on="2025-01-01",
                 ends_on=(today - timedelta(days=1)).isoformat()),
    )  # fmt: skip
    other = initiatives.create_initiative(
        session, actor=people.support, name="Rymdnoden", region="Norrbotten"
    )
    services.add_grant(
        session, actor=people.support, initiative_id=other.id,
        raw=body(funders["Vinnova"], starts_on="2025-01-01",
                 ends_on=(today + timedelta(days=91)).isoformat()),
    )  # fmt: skip
    rows = {
        r["name"]: r
        for r in client.get("/api/portfolio", headers=bearer(session, people.support)).json()[
            "items"
        ]
    }
    textile = rows["Textilnoden"]
    assert (textile["granted_sek"], textile["cofinancing_sek"]) == (1_300_001, 5)
    assert (textile["grant_ending_soon"], textile["grant_ending_on"]) == (True, ends.isoformat())
    space = rows["Rymdnoden"]
    assert (space["grant_ending_soon"], space["grant_ending_on"]) == (False, None)
