"""The internationalisation programme page: read by all who see the initiative, changed by
its process leadership and support, errors shown in place with the input kept."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models.assessments import ProgrammeIndicator, ProgrammeMeasure, ProgrammeReview
from app.models.initiatives import Initiative
from tests.conftest import People, login


def test_a_measure_an_actual_and_a_review_through_the_forms(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    token = login(client, people.leader)
    url = f"/initiatives/{initiative.id}/internationalisation/programme"
    empty = client.get(url).text
    assert 'id="measures-science_education"' in empty and 'id="measure-form"' in empty
    assert "Programmet har inte granskats än." in empty
    fields = {
        "csrf_token": token,
        "direction": "sociocultural",
        "title": "Engelskspråkig webbplats",
        "owner": "",
        "due_on": "2027-02-01",
        "indicator.0.name": "Besök från utlandet",
        "indicator.0.unit": "per månad",
        "indicator.0.baseline": "120",
        "indicator.0.target": "1 000",
        "indicator.0.actual": "abc",
    }
    refused = client.post(f"{url}/measures", data=fields)
    assert refused.status_code == 422
    assert 'aria-describedby="m-owner-error"' in refused.text
    assert "Engelskspråkig webbplats" in refused.text  # the input is kept
    assert session.scalar(select(func.count()).select_from(ProgrammeMeasure)) == 0
    fields |= {"owner": "Lars Processledare", "indicator.0.actual": "300,5"}
    assert client.post(f"{url}/measures", data=fields, follow_redirects=False).status_code == 303
    indicator = session.scalars(select(ProgrammeIndicator)).one()
    assert (indicator.baseline, indicator.target, indicator.actual) == (120.0, 1000.0, 300.5)
    page = client.get(url).text
    block = re.search(r'id="measures-sociocultural"(.*?)</section>', page, re.S)
    assert block is not None and "Engelskspråkig webbplats" in block[1]
    assert "Lars Processledare" in block[1] and "per månad" in block[1]

    saved = client.post(
        f"{url}/indicators/{indicator.id}",
        data={"csrf_token": token, "actual": "640"},
        follow_redirects=False,
    )
    assert saved.status_code == 303
    session.refresh(indicator)
    assert indicator.actual == 640.0
    review = {
        "csrf_token": token,
        "reviewed_on": "2026-11-20",
        "body": "Klusterrådet",
        "changes": "Nytt mål för besöken.",
    }
    assert client.post(f"{url}/reviews", data=review, follow_redirects=False).status_code == 303
    again = client.post(f"{url}/reviews", data=review)
    assert again.status_code == 409 and "redan en granskning" in again.text
    page = client.get(url).text
    assert "Nästa granskning ska göras senast 2027-11-20." in page
    assert session.scalar(select(func.count()).select_from(ProgrammeReview)) == 1


def test_funders_read_the_programme_without_forms(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    login(client, people.funder)
    url = f"/initiatives/{initiative.id}/internationalisation/programme"
    page = client.get(url)
    assert page.status_code == 200
    assert 'id="measure-form"' not in page.text and 'id="review-form"' not in page.text
    assessments = client.get(f"/initiatives/{initiative.id}/internationalisation").text
    assert url in assessments  # the self-assessment page links to the programme
