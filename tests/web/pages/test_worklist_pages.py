"""GET /work: the work list over HTTP, per role, at a constant number of queries."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlalchemy.orm import Session

from app import clock
from app.domain.reviews import ReviewStatus
from app.initiatives import services as initiatives
from app.models.initiatives import Initiative, ItemState
from app.portfolio.deadlines import overdue_page
from app.worklists.queries import OVERDUE_SHOWN
from tests.conftest import People, login, reads, recorded_statements
from tests.worklists.test_queries import condition, evidence, review


def test_the_work_list_needs_a_login(client: TestClient) -> None:
    response = client.get("/work", follow_redirects=False)
    assert response.status_code in (302, 303)


def test_a_support_officer_sees_what_waits_with_waiting_time(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    made = review(session, initiative, people, days_ago=4, today=clock.today())
    done = review(session, initiative, people, days_ago=40, status=ReviewStatus.DECIDED)
    condition(session, done, clock.today() - timedelta(days=2))
    evidence(session, initiative, clock.today() + timedelta(days=10))
    session.commit()

    login(client, people.support)
    page = client.get("/work", headers={"Accept-Language": "en"})
    assert page.status_code == 200
    html = page.text
    assert f'href="/gate-reviews/{made.id}"' in html
    assert "4 days" in html
    assert "2 days overdue" in html
    assert "in 10 days" in html
    assert "Lars Ledare" in html


def test_a_leader_of_another_initiative_sees_nothing_of_it(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    review(session, initiative, people, days_ago=4)
    session.commit()
    login(client, people.outsider)
    html = client.get("/work").text
    assert initiative.name not in html


def test_the_work_list_costs_the_same_queries_at_any_size(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    login(client, people.support)

    def selects() -> int:
        with recorded_statements(session.get_bind()) as statements:
            assert client.get("/work").status_code == 200
        return reads(statements)

    review(session, initiative, people, days_ago=1)
    session.commit()
    before = selects()
    for n in range(8):
        other = initiatives.create_initiative(
            session, actor=people.support, name=f"N{n}", region="R"
        )
        condition(session, review(session, other, people, 3), clock.today())
        evidence(session, other, clock.today() + timedelta(days=n))
    session.commit()
    assert selects() == before


def test_grant_reports_due_show_on_the_work_list(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    from tests.conftest import bearer

    organisation = client.post(
        "/api/funding-organisations",
        json={"name": "Vinnova"},
        headers=bearer(session, people.admin),
    )
    assert organisation.status_code == 201, organisation.text
    due = clock.today() + timedelta(days=12)
    grant = client.post(
        f"/api/initiatives/{initiative.id}/grants",
        json={
            "funder": organisation.json()["id"],
            "amount_sek": 500000,
            "starts_on": (clock.today() - timedelta(days=100)).isoformat(),
            "ends_on": (clock.today() + timedelta(days=300)).isoformat(),
            "reporting_dates": [due.isoformat()],
        },
        headers=bearer(session, people.support),
    )
    assert grant.status_code == 201, grant.text
    login(client, people.leader)
    html = client.get("/work", headers={"Accept-Language": "en"}).text
    assert "Vinnova" in html and due.isoformat() in html and "in 12 days" in html
    login(client, people.outsider)
    assert "Vinnova" not in client.get("/work").text


def test_the_work_list_shows_the_most_overdue_and_links_to_them_all(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    """Every item state of the initiative overdue (100 and more): the work list shows the
    100 most overdue, counts them all, and links to the whole list."""
    session.execute(
        update(ItemState)
        .where(ItemState.initiative_id == initiative.id)
        .values(target_date=clock.today() - timedelta(days=3))
    )
    session.commit()
    total = overdue_page(session, user=people.support, today=clock.today(), page=1, per_page=1)
    assert total.total > OVERDUE_SHOWN
    login(client, people.support)
    html = client.get("/work", headers={"Accept-Language": "en"}).text
    section = html[html.index('id="overdue-title"') : html.index('id="evidence-title"')]
    assert f'<span class="count-badge">{total.total}</span>' in section
    assert section.count("<td>3</td>") == OVERDUE_SHOWN  # days overdue, a row each
    assert f"The {OVERDUE_SHOWN} most overdue of {total.total}:" in section
    assert '<a href="/portfolio/overdue">all overdue results</a>' in section
