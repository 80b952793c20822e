"""klusterutveckling/2 on the pages and the API: headings shown and never ticked (422 with a
code), the starting point's own checklist, and the diff from v1 showing exactly its changes."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.items import ItemStatus, ItemUpdate
from app.domain.workflow import Trigger
from app.initiatives import items as initiative_items
from app.initiatives import queries as initiative_queries
from app.initiatives import services as initiatives
from app.models.audit import AuditEntry
from app.models.initiatives import Initiative
from app.phases import Phase, get_model
from tests.conftest import People, bearer, login
from tests.phases.test_model_v2 import EXPECTED_CHANGES
from tests.web.pages.test_report_pages import pdf_text

V2 = get_model("klusterutveckling/2")
HEADING = "initiation.events.formalise_initiative"
HTMX = {"HX-Request": "true"}


def _to_initiation(session: Session, people: People, initiative: Initiative) -> None:
    for item in V2.required_items(Phase.STARTING_POINT):
        initiative_items.update_item(
            session,
            actor=people.admin,
            initiative_id=initiative.id,
            key=item.key,
            update=ItemUpdate(ItemStatus.DONE, note="Underlag"),
        )
    initiatives.run_transition(
        session, actor=people.support, initiative_id=initiative.id, trigger=Trigger.ADVANCE
    )


def _entries(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(AuditEntry)) or 0


def test_a_heading_is_refused_as_a_tick_by_the_api_and_the_page(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    assert initiative.model_version == V2.version
    _to_initiation(session, people, initiative)
    headers = bearer(session, people.leader)
    token = login(client, people.leader)
    before = _entries(session)
    url = f"/api/initiatives/{initiative.id}/items/{HEADING}"
    refused = client.put(url, json={"status": "done", "note": "x"}, headers=headers)
    assert refused.status_code == 422
    assert refused.json()["code"] == "heading_not_tickable"
    assert refused.json()["field"] == "status"

    form = {"csrf_token": token, "status": "done", "note": "x"}
    page_url = f"/initiatives/{initiative.id}/items/{HEADING}"
    htmx = client.post(page_url, data=form, headers=HTMX)
    assert htmx.status_code == 422
    assert "Raden är en rubrik över punkterna efter den" in htmx.text
    plain = client.post(page_url, data=form, follow_redirects=False)
    assert plain.status_code == 422
    state = initiative_queries.get_item_state(session, initiative_id=initiative.id, key=HEADING)
    assert state is not None and state.status is ItemStatus.OPEN
    assert _entries(session) == before  # nothing was written or audited

    got = client.get(f"/api/initiatives/{initiative.id}", headers=headers).json()
    shown = {i["key"]: i for i in got["items"]}
    assert shown[HEADING]["heading"] is True and shown[HEADING]["status"] is None
    assert shown["initiation.events.strategic_idea"]["heading"] is False


def test_the_initiative_page_shows_headings_over_their_items(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    _to_initiation(session, people, initiative)
    login(client, people.leader)
    page = client.get(f"/initiatives/{initiative.id}").text
    group = re.search(
        r'<li class="item-group" id="item-initiation-events-formalise_initiative">(.*?)</ol>',
        page,
        re.S,
    )
    assert group is not None
    assert '<h4 class="item-heading">Formalisera initiativet exempelvis genom att:</h4>' in group[1]
    assert 'id="item-initiation-events-strategic_idea"' in group[1]  # grouped under it
    assert "item-initiation-events-formalise_initiative-done" not in page  # no status to tick
    # 13 lines on the slide, 2 of them headings: progress counts the 11 items.
    progress = re.search(r'id="progress-events".*?max="(\d+)"', page, re.S)
    assert progress is not None and progress[1] == "11"


def test_the_starting_point_is_its_own_checklist_on_the_page(
    client: TestClient, people: People, initiative: Initiative
) -> None:
    login(client, people.leader)
    page = client.get(f"/initiatives/{initiative.id}").text
    assert 'id="cl-starting_point"' in page and 'id="cl-results"' not in page
    model = client.get("/phase-model").text
    assert model.count('class="heading-row"') == 4
    assert "4 rubriker" in model


def test_the_diff_from_v1_shows_exactly_the_changes_of_v2(
    client: TestClient, session: Session, people: People
) -> None:
    body = client.get(
        "/api/phase-models/diff?from=klusterutveckling/1&to=klusterutveckling/2",
        headers=bearer(session, people.funder),
    ).json()
    assert body["added"] == [] and body["removed"] == []
    assert {c["key"]: tuple(c["fields"]) for c in body["changed"]} == EXPECTED_CHANGES
    login(client, people.funder)
    page = client.get("/phase-model/diff?from=klusterutveckling/1&to=klusterutveckling/2").text
    assert 'id="diff-added"' not in page and 'id="diff-removed"' not in page
    table = re.search(r'id="diff-changed">(.*?)</table>', page, re.S)
    assert table is not None
    assert re.findall(r"<code>([a-z_.]+)</code>", table[1]) == list(EXPECTED_CHANGES)
    assert table[1].count("Rubrik, bockas aldrig av") == 4  # the four new headings
    assert "RTP – the regional growth programme" in table[1]


def test_the_pdf_report_shows_headings_without_a_status(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    _to_initiation(session, people, initiative)
    response = client.get(
        f"/initiatives/{initiative.id}/report.pdf?lang=en", headers=bearer(session, people.support)
    )
    assert response.status_code == 200
    text = " ".join(pdf_text(response.content).split())
    assert "Formalise the initiative, for example by:" in text
    heading_line = text.split("Formalise the initiative, for example by:")[1].split("Clarifying")[0]
    assert "Open" not in heading_line  # a heading has no status in the table
    assert "Starting point" in text  # the starting point's own checklist
