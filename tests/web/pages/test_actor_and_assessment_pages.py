"""The actor and internationalisation pages through HTTP, with a logged-in session."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.actors import services as actor_services
from app.initiatives import services as initiatives
from app.internationalisation import services as assessment_services
from app.internationalisation.grids import AXES
from app.models.access import Funding
from app.models.actors import Actor
from app.models.assessments import InternationalisationAssessment
from app.models.initiatives import Initiative
from tests.conftest import People, login, reads, recorded_statements

CSV = (
    "namn;organisationsnummer;region;typ;helix;ansluten;lämnade\n"
    "Volvo;556012-5790;Västra Götaland;anchor_company;;2024-02-01;\n"
    "Väveriet;556123-4567;Västra Götaland;sme;;2024-01-01;\n"
    "Chalmers;;Västra Götaland;university;;2024-03-01;\n"
)


def form(level: str = "4", on: str = "2026-10-01") -> dict[str, str]:
    fields = {"assessed_on": on, "level": level}
    for dimension, axes in AXES.items():
        fields |= {f"{dimension.value}.{a.key}": "2" for a in axes}
    return fields


def test_the_csv_import_through_the_page(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    token = login(client, people.leader)
    url = f"/initiatives/{initiative.id}/actors/import"
    bad = CSV + "Trasig;556012-5791;Skåne;sme;;2024-01-01;\n"
    refused = client.post(
        url, data={"csrf_token": token}, files={"file": ("a.csv", bad.encode(), "text/csv")}
    )
    assert refused.status_code == 422
    assert "Rad 5, organisationsnummer:" in refused.text
    assert session.scalar(select(func.count()).select_from(Actor)) == 0
    done = client.post(
        url,
        data={"csrf_token": token},
        files={"file": ("a.csv", CSV.encode(), "text/csv")},
        follow_redirects=False,
    )
    assert done.status_code == 303
    page = client.get(f"/initiatives/{initiative.id}/actors")
    assert "Volvo" in page.text and 'id="fact-companies">2<' in page.text
    assert 'id="member-chart"' in page.text
    exported = client.get(f"/initiatives/{initiative.id}/actors.csv")
    assert exported.headers["content-type"].startswith("text/csv")
    assert exported.headers["content-disposition"].startswith('attachment; filename="aktorer-')
    assert exported.content.decode("utf-8-sig").splitlines()[1:] == [  # Swedish: the page's
        "Chalmers;;Västra Götaland;Universitet eller högskola;Akademi;2024-03-01;",
        "Volvo;556012-5790;Västra Götaland;Ankarföretag;Näringsliv;2024-02-01;",
        "Väveriet;556123-4567;Västra Götaland;Små och medelstora företag;Näringsliv;2024-01-01;",
    ]
    english = client.get(f"/initiatives/{initiative.id}/actors.csv?lang=en")
    assert english.content.decode("utf-8-sig").splitlines()[1] == (
        "Chalmers,,Västra Götaland,university,academia,2024-03-01,"
    )


def test_an_import_without_the_token_is_refused(
    client: TestClient, people: People, initiative: Initiative
) -> None:
    login(client, people.leader)
    response = client.post(
        f"/initiatives/{initiative.id}/actors/import",
        files={"file": ("a.csv", CSV.encode(), "text/csv")},
    )
    assert response.status_code == 403


def test_adding_an_actor_with_a_bad_number_keeps_the_input(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    token = login(client, people.support)
    fields = {
        "csrf_token": token,
        "name": "Nya AB",
        "organisation_number": "556012-5791",
        "region": "Skåne",
        "type": "sme",
        "joined_on": "2025-01-01",
    }
    response = client.post(f"/initiatives/{initiative.id}/actors", data=fields)
    assert response.status_code == 422
    assert (
        'value="Nya AB"' in response.text
        and 'aria-invalid="true" aria-describedby="actor-organisation_number-error"'
        in response.text
    )
    fields["organisation_number"] = "556012-5790"
    assert (
        client.post(
            f"/initiatives/{initiative.id}/actors", data=fields, follow_redirects=False
        ).status_code
        == 303
    )
    actor = session.scalar(select(Actor).where(Actor.name == "Nya AB"))
    assert actor is not None
    left = client.post(
        f"/initiatives/{initiative.id}/actors/{actor.id}/leave",
        data={"csrf_token": token, "left_on": "2025-06-01"},
        follow_redirects=False,
    )
    assert left.status_code == 303
    session.refresh(actor)
    assert actor.left_on is not None and actor.left_on.isoformat() == "2025-06-01"


def test_funders_read_actors_without_forms(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    actor_services.import_csv(
        session, user=people.support, initiative_id=initiative.id, data=CSV.encode()
    )
    login(client, people.funder)
    page = client.get(f"/initiatives/{initiative.id}/actors")
    assert page.status_code == 200 and "Volvo" in page.text
    assert "/actors/import" not in page.text and "/leave" not in page.text


def test_the_checklist_shows_actor_facts_beside_their_items(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    actor_services.import_csv(
        session, user=people.support, initiative_id=initiative.id, data=CSV.encode()
    )
    login(client, people.leader)
    opened = "&open=".join(
        f"starting_point.results.{k}"
        for k in ("critical_mass", "academic_openness", "development_potential")
    )
    page = client.get(f"/initiatives/{initiative.id}?open={opened}").text  # the items, open
    critical_mass = page.split('id="item-starting_point-results-critical_mass"')[1].split("</li>")[
        0
    ]
    assert "Enligt registren:" in critical_mass and "2 företag" in critical_mass
    openness = page.split('id="item-starting_point-results-academic_openness"')[1].split("</li>")[0]
    assert "Näringsliv 2 · Akademi 1 · Offentlig 0" in openness
    development = page.split('id="item-starting_point-results-development_potential"')[1].split(
        "</li>"
    )[0]
    assert "actor-facts" not in development
    assert (
        "checked>" in critical_mass.split("choice-open")[1].split("</label>")[0]
    )  # still open: never auto-ticked


def test_recording_an_assessment_through_the_form(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    token = login(client, people.leader)
    url = f"/initiatives/{initiative.id}/internationalisation"
    fields = form(level="") | {
        "csrf_token": token,
        "groups.smes": "7",
        "swot.strengths": "Starka ankare",
    }
    refused = client.post(url, data=fields)
    assert refused.status_code == 422
    assert (
        'aria-describedby="groups-smes-error"' in refused.text and "Starka ankare" in refused.text
    )
    assert 'id="level-error"' in refused.text
    assert session.scalar(select(func.count()).select_from(InternationalisationAssessment)) == 0
    fields |= {"level": "5", "groups.smes": ""}
    assert client.post(url, data=fields, follow_redirects=False).status_code == 303
    assert client.post(url, data=fields).status_code == 409
    page = client.get(url).text
    assert 'id="radar-groups"' in page and 'id="trend"' in page and "Nivå 5 av 7" in page


def test_funders_see_no_record_button(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    login(client, people.funder)
    assert (
        "internationalisation/new"
        not in client.get(f"/initiatives/{initiative.id}/internationalisation").text
    )
    assert client.get(f"/initiatives/{initiative.id}/internationalisation/new").status_code == 403


def test_the_portfolio_page_filters_by_the_url(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    raw = {
        "assessed_on": "2026-10-01",
        "level": 3,
        **{d.value: {a.key: 3 for a in axes} for d, axes in AXES.items()},
    }
    assessment_services.record(session, user=people.support, initiative_id=initiative.id, raw=raw)
    other = initiatives.create_initiative(
        session, actor=people.support, name="Annan", region="Skåne"
    )
    session.add(
        Funding(initiative_id=other.id, user_id=people.funder.id)
    )  # funders see what they fund
    session.commit()
    login(client, people.funder)
    everything = client.get("/portfolio/internationalisation").text
    assert "1 av 2 initiativ har en bedömning." in everything
    skane = client.get("/portfolio/internationalisation?region=Skåne").text
    assert "0 av 1 initiativ har en bedömning." in skane
    assert client.get("/portfolio/internationalisation?phase=moon").status_code == 422


@pytest.mark.parametrize(
    "path",
    [
        "/initiatives/{id}/actors",
        "/initiatives/{id}/internationalisation",
        "/portfolio/internationalisation",
        "/initiatives/{id}",
    ],
)
def test_pages_use_a_constant_number_of_queries(
    path: str, client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    login(client, people.support)
    engine = session.get_bind()
    url = path.format(id=initiative.id)

    def selects() -> int:
        with recorded_statements(engine) as statements:
            assert client.get(url).status_code == 200
        return reads(statements)

    def grow(n: int, add: Callable[[int], None]) -> None:
        for i in range(n):
            add(i)

    actor_services.import_csv(
        session, user=people.support, initiative_id=initiative.id, data=CSV.encode()
    )
    raw = {"level": 3, **{d.value: {a.key: 1 for a in axes} for d, axes in AXES.items()}}
    assessment_services.record(
        session,
        user=people.support,
        initiative_id=initiative.id,
        raw=raw | {"assessed_on": "2025-01-01"},
    )
    before = selects()
    more = "name;region;type;joined_on\n" + "".join(
        f"Bolag {i};Skåne;sme;2025-0{i % 9 + 1}-01\n" for i in range(12)
    )
    actor_services.import_csv(
        session, user=people.support, initiative_id=initiative.id, data=more.encode()
    )

    def another(i: int) -> None:
        other = initiatives.create_initiative(
            session, actor=people.support, name=f"N{i}", region="R"
        )
        assessment_services.record(
            session,
            user=people.support,
            initiative_id=other.id,
            raw=raw | {"assessed_on": "2025-01-01"},
        )
        assessment_services.record(
            session,
            user=people.support,
            initiative_id=initiative.id,
            raw=raw | {"assessed_on": f"2025-02-{i + 1:02d}"},
        )

    grow(6, another)
    assert selects() == before


def test_the_alliance_items_show_the_latest_assessment(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    login(client, people.funder)
    opened = "establishment.results.alliances_established"
    url = f"/initiatives/{initiative.id}?phase=establishment&open={opened}"  # the item, open
    anchor = 'id="item-establishment-results-alliances_established"'
    before = client.get(url).text.split(anchor)[1].split("</li>")[0]
    assert "Ingen internationaliseringsbedömning ännu" in before
    raw = {"level": 4, **{d.value: {a.key: 1 for a in axes} for d, axes in AXES.items()}}
    for on in ("2026-10-01", "2025-10-01"):
        assessment_services.record(
            session, user=people.support, initiative_id=initiative.id, raw=raw | {"assessed_on": on}
        )
    after = client.get(url).text.split(anchor)[1].split("</li>")[0]
    assert "Internationaliseringsnivå 4 av 7 (2026-10-01)" in after


def test_an_import_without_a_file_or_by_a_funder_changes_nothing(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    url = f"/initiatives/{initiative.id}/actors/import"
    token = login(client, people.leader)
    missing = client.post(url, data={"csrf_token": token})
    assert missing.status_code == 422 and "Rad 1, filen:" in missing.text
    token = login(client, people.funder)
    files = {"file": ("a.csv", CSV.encode(), "text/csv")}
    assert client.post(url, data={"csrf_token": token}, files=files).status_code == 403
    assert session.scalar(select(func.count()).select_from(Actor)) == 0


def test_odd_digits_and_non_finite_numbers_in_the_form_are_named_not_a_500(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    # "²" is a digit to str.isdigit() but not a number to int(); "nan" is a float.
    token = login(client, people.leader)
    url = f"/initiatives/{initiative.id}/internationalisation"
    fields = form(level="²") | {
        "csrf_token": token,
        "groups.smes": "³",
        "kpi.0.name": "Projekt",
        "kpi.0.target": "nan",
        "kpi.0.actual": "inf",
    }
    refused = client.post(url, data=fields)
    assert refused.status_code == 422
    assert 'id="level-error"' in refused.text
    assert 'aria-describedby="groups-smes-error"' in refused.text
    assert session.scalar(select(func.count()).select_from(InternationalisationAssessment)) == 0
