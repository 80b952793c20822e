"""The internationalisation API: exact shapes, validation, roles, and the portfolio summary."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.initiatives import services as initiatives
from app.internationalisation.grids import AXES
from app.internationalisation.scale import Dimension
from app.models.initiatives import Initiative
from tests.conftest import People, bearer

PATH = "/api/initiatives/{}/internationalisation-assessments"


def body(on: str = "2026-10-01", level: int = 4, score: int | None = 2) -> dict[str, Any]:
    return {
        "assessed_on": on,
        "level": level,
        **{d.value: {a.key: score for a in axes} for d, axes in AXES.items()},
    }


def test_post_answers_201_with_the_stored_assessment(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    sent = body() | {
        "swot": {"strengths": "Ankarföretag"},
        "kpis": [{"name": "Projekt", "target": 3, "actual": 1}],
    }
    sent["groups"]["smes"] = None
    response = client.post(
        PATH.format(initiative.id), json=sent, headers=bearer(session, people.leader)
    )
    assert response.status_code == 201, response.text
    stored = response.json()
    assert set(stored) == {
        "id", "initiative_id", "assessed_on", "level", "grid", "groups", "directions",
        "geography", "swot", "kpis", "created_at", "created_by",
    }  # fmt: skip
    assert stored["grid"] == "ru-pilot-clusters/1"  # the installation's preset, by default
    assert stored["initiative_id"] == initiative.id and stored["created_by"] == people.leader.email
    assert {
        k: stored[k] for k in ("assessed_on", "level", "groups", "directions", "geography")
    } == {k: sent[k] for k in ("assessed_on", "level", "groups", "directions", "geography")}
    assert stored["swot"] == {"strengths": "Ankarföretag"}
    assert stored["kpis"] == [{"name": "Projekt", "target": 3.0, "actual": 1.0, "unit": None}]


def test_get_lists_newest_first(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    headers = bearer(session, people.support)
    for on, level in [("2025-05-01", 2), ("2026-05-01", 5), ("2025-11-01", 3)]:
        assert (
            client.post(
                PATH.format(initiative.id), json=body(on, level), headers=headers
            ).status_code
            == 201
        )
    listed = client.get(PATH.format(initiative.id), headers=bearer(session, people.funder)).json()
    assert [(a["assessed_on"], a["level"]) for a in listed["items"]] == [
        ("2026-05-01", 5), ("2025-11-01", 3), ("2025-05-01", 2)
    ]  # fmt: skip


def test_bad_scores_get_422_naming_every_field(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    sent = body()
    sent["directions"]["export"] = 5
    sent["geography"]["mars"] = 1
    del sent["groups"]["smes"]
    sent["level"] = 9
    response = client.post(
        PATH.format(initiative.id), json=sent, headers=bearer(session, people.support)
    )
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert set(errors) == {"level", "directions.export", "geography", "groups"}
    assert "mars" in errors["geography"] and "smes" in errors["groups"]
    assert "directions.export" in response.json()["detail"]
    assert client.get(
        PATH.format(initiative.id), headers=bearer(session, people.support)
    ).json() == {"items": []}


def test_a_second_assessment_on_the_same_date_is_409(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    headers = bearer(session, people.support)
    assert client.post(PATH.format(initiative.id), json=body(), headers=headers).status_code == 201
    assert (
        client.post(PATH.format(initiative.id), json=body(level=6), headers=headers).status_code
        == 409
    )


def test_only_leadership_and_support_record(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    assert (
        client.post(
            PATH.format(initiative.id), json=body(), headers=bearer(session, people.funder)
        ).status_code
        == 403
    )
    assert (
        client.post(
            PATH.format(initiative.id), json=body(), headers=bearer(session, people.outsider)
        ).status_code
        == 404
    )
    assert (
        client.get(PATH.format(initiative.id), headers=bearer(session, people.funder)).status_code
        == 200
    )


def test_the_portfolio_summary_has_one_entry_per_key(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    other = initiatives.create_initiative(
        session, actor=people.support, name="Rymdnoden", region="Norrbotten", sector="Rymd"
    )
    headers = bearer(session, people.support)
    client.post(PATH.format(initiative.id), json=body(score=4), headers=headers)
    client.post(PATH.format(other.id), json=body(score=None), headers=headers)
    summary = client.get("/api/portfolio/internationalisation", headers=headers).json()
    assert (summary["initiatives"], summary["assessed"], summary["mean_level"]) == (2, 2, 4.0)
    for dimension, axes in AXES.items():
        assert list(summary[dimension.value]) == [a.key for a in axes]
    assert summary["groups"]["smes"] == {
        "mean": 4.0,
        "share_high": 1.0,
        "share_no_info": 0.5,
        "share_zero": 0.0,
        "n": 2,
    }
    rymd = client.get(
        "/api/portfolio/internationalisation?sector=Rymd&region=Norrbotten&phase=starting_point",
        headers=headers,
    ).json()
    assert rymd["geography"]["europe"] == {
        "mean": None,
        "share_high": None,
        "share_no_info": 1.0,
        "share_zero": 0.0,
        "n": 1,
    }
    assert rymd[Dimension.DIRECTIONS.value]["export"]["n"] == 1


def test_an_unknown_phase_filter_is_422(
    client: TestClient, session: Session, people: People
) -> None:
    response = client.get(
        "/api/portfolio/internationalisation?phase=moon", headers=bearer(session, people.support)
    )
    assert response.status_code == 422 and response.json()["field"] == "phase"


def test_the_summary_takes_the_dashboards_stalled_and_readiness_filters(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    headers = bearer(session, people.support)
    client.post(PATH.format(initiative.id), json=body(score=3), headers=headers)
    url = "/api/portfolio/internationalisation"

    def assessed(query: str) -> int:
        response = client.get(f"{url}?{query}", headers=headers)
        assert response.status_code == 200, response.text
        return int(response.json()["assessed"])

    # Freshly created, nothing ticked: active, and 0 % ready for its first gate.
    assert (assessed("stalled=false"), assessed("stalled=true")) == (1, 0)
    assert (assessed("readiness_max=0"), assessed("readiness_min=1")) == (1, 0)
    bad = client.get(f"{url}?readiness_min=101", headers=headers)
    assert bad.status_code == 422 and bad.json()["field"] == "readiness_min"


def test_the_actor_register_as_json(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    from app.actors import services as actor_services

    csv = "name;region;type;joined_on;left_on\nVolvo;VG;anchor_company;2024-01-01;2025-01-01\n"
    csv += "Chalmers;VG;university;2024-06-01;\n"
    actor_services.import_csv(
        session, user=people.support, initiative_id=initiative.id, data=csv.encode()
    )
    answer = client.get(
        f"/api/initiatives/{initiative.id}/actors", headers=bearer(session, people.funder)
    ).json()
    assert [(a["name"], a["left_on"]) for a in answer["items"]] == [
        ("Chalmers", None),
        ("Volvo", "2025-01-01"),
    ]
    assert answer["facts"]["by_side"] == {"business": 0, "academia": 1, "public": 0}
    assert (answer["facts"]["active"], answer["facts"]["companies"]) == (1, 0)
    assert answer["member_counts"] == [
        {"from": "2024-01-01", "members": 1},
        {"from": "2024-06-01", "members": 2},
        {"from": "2025-01-01", "members": 1},
    ]
    outsider = bearer(session, people.outsider)
    assert (
        client.get(f"/api/initiatives/{initiative.id}/actors", headers=outsider).status_code == 404
    )


def test_the_summary_reports_the_survey_statistics_exactly(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    # Latest levels 2, 3, 3, 6 (the first initiative's earlier 7 does not count); the
    # groups' scores 0, 0, 4 and "no information".
    others = [
        initiatives.create_initiative(session, actor=people.support, name=n, region="R")
        for n in ("B", "C", "D")
    ]
    headers = bearer(session, people.support)
    sent = [
        (initiative, "2025-01-01", 7, 4),
        (initiative, "2026-01-01", 2, 0),
        (others[0], "2026-01-01", 3, 0),
        (others[1], "2026-01-01", 3, 4),
        (others[2], "2026-01-01", 6, None),
    ]
    for target, on, level, score in sent:
        response = client.post(PATH.format(target.id), json=body(on, level, score), headers=headers)
        assert response.status_code == 201, response.text
    summary = client.get("/api/portfolio/internationalisation", headers=headers).json()
    assert summary["level_distribution"] == {
        "1": {"n": 0, "share": 0.0},
        "2": {"n": 1, "share": 0.25},
        "3": {"n": 2, "share": 0.5},
        "4": {"n": 0, "share": 0.0},
        "5": {"n": 0, "share": 0.0},
        "6": {"n": 1, "share": 0.25},
        "7": {"n": 0, "share": 0.0},
    }
    assert (summary["median_level"], summary["mean_level"]) == (3.0, 3.5)
    assert (summary["assessed"], summary["compared"], summary["left_out"]) == (4, 4, {})
    assert summary["groups"]["smes"] == {
        "mean": 4 / 3,
        "share_high": 1 / 3,
        "share_no_info": 0.25,
        "share_zero": 0.5,
        "n": 4,
    }
