"""Phase-model versions through HTTP: the pages, the API, CSRF and every role."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.domain.items import ItemStatus, ItemUpdate
from app.initiatives import items as initiative_items
from app.models.initiatives import Initiative
from app.phases import PUBLISHED, Phase, PhaseModel, get_model
from app.versions import services as model_versions
from tests.conftest import (
    ADDED,
    BASE_VERSION,
    DERIVED_VERSION,
    REMOVED,
    REWORDED,
    People,
    bearer,
    csrf_of,
    login,
    reads,
    recorded_statements,
)

BASE = get_model(BASE_VERSION)
TO = quote(DERIVED_VERSION, safe="")


def _settle_start(session: Session, people: People, initiative: Initiative) -> None:
    for item in BASE.required_items(Phase.STARTING_POINT):
        initiative_items.update_item(
            session,
            actor=people.admin,
            initiative_id=initiative.id,
            key=item.key,
            update=ItemUpdate(ItemStatus.DONE, note=f"Underlag {item.key}"),
        )


def _move(session: Session, people: People, initiative: Initiative) -> None:
    model_versions.move_initiative_to_version(
        session,
        actor=people.support,
        initiative_id=initiative.id,
        to_version=DERIVED_VERSION,
        expected_from_version=BASE.version,
    )


# --- the phase-model API ------------------------------------------------------


def test_the_api_lists_published_versions_with_fingerprints(
    client: TestClient, derived: PhaseModel
) -> None:
    body = client.get("/api/phase-models").json()
    assert body["latest"] == DERIVED_VERSION
    assert [v["version"] for v in body["items"]] == list(PUBLISHED)  # publishing order
    assert body["items"][-1]["version"] == DERIVED_VERSION and body["items"][-1]["latest"]
    first, base = body["items"][0], body["items"][-2]
    assert first["version"] == "klusterutveckling/1" and first["published"] == "2026-11-23"
    assert (first["items"], first["headings"]) == (134, 0)
    assert base["version"] == BASE.version
    assert base["fingerprint"] == PUBLISHED[BASE.version].fingerprint
    # Headings are shown but are no checklist items.
    assert (base["items"], base["headings"]) == (len(BASE.tickable_items), len(BASE.headings))
    assert base["latest"] is False


def test_the_api_gives_a_version_whose_name_has_a_slash(
    client: TestClient, derived: PhaseModel
) -> None:
    for path in (f"/api/phase-models/{DERIVED_VERSION}", f"/api/phase-models/{TO}"):
        body = client.get(path).json()
        assert body["version"] == DERIVED_VERSION, path
        keys = [i["key"] for p in body["phases"] for c in p["checklists"] for i in c["items"]]
        assert ADDED in keys and REMOVED not in keys
        assert body["fingerprint"] == PUBLISHED[DERIVED_VERSION].fingerprint
    assert client.get("/api/phase-models/klusterutveckling/9").status_code == 404


def test_the_api_diff(client: TestClient, derived: PhaseModel) -> None:
    response = client.get(f"/api/phase-models/diff?from={BASE.version}&to={TO}")
    assert response.status_code == 200
    body = response.json()
    assert [i["key"] for i in body["added"]] == [ADDED]
    assert [i["key"] for i in body["removed"]] == [REMOVED]
    assert body["changed"][0]["key"] == REWORDED
    assert body["changed"][0]["fields"] == ["text.sv", "text.en"]
    assert client.get(f"/api/phase-models/diff?from={BASE.version}&to=nej").status_code == 404
    missing = client.get(f"/api/phase-models/diff?from={BASE.version}")
    assert missing.status_code == 422
    assert missing.json()["field"] == "to"


# --- the pages ----------------------------------------------------------------


def test_the_phase_model_page_lists_versions_and_shows_any_of_them(
    client: TestClient, people: People, derived: PhaseModel
) -> None:
    login(client, people.funder)
    page = client.get("/phase-model").text
    assert PUBLISHED[BASE.version].fingerprint in page
    assert PUBLISHED[DERIVED_VERSION].fingerprint in page
    assert "Regionalt mandat" in page  # the newest version is shown by default
    assert f'<option value="{DERIVED_VERSION}" selected>' in page  # compare: oldest → newest
    assert f'<option value="{next(iter(PUBLISHED))}" selected>' in page
    older = client.get(f"/phase-model?version={quote(BASE.version)}").text
    assert "Regionalt mandat" not in older and "Öppenhet och nyfikenhet" in older
    assert client.get("/phase-model?version=nej").status_code == 404


def test_the_diff_page(client: TestClient, people: People, derived: PhaseModel) -> None:
    login(client, people.leader)
    page = client.get(f"/phase-model/diff?from={BASE.version}&to={TO}")
    assert page.status_code == 200
    added = re.search(r'id="diff-added">(.*?)</ul>', page.text, re.S)
    removed = re.search(r'id="diff-removed">(.*?)</ul>', page.text, re.S)
    assert added and "Regionalt mandat" in added[1]
    assert removed and "Öppenhet och nyfikenhet" in removed[1]
    assert "Kritisk massa vad gäller antal företag" in page.text  # before the rewording
    assert "Kritisk massa av företag i regionen" in page.text
    same = client.get(f"/phase-model/diff?from={TO}&to={TO}").text
    assert 'id="diff-empty"' in same
    assert client.get("/phase-model/diff").status_code == 200  # the newest against the one before


def test_the_initiative_page_offers_the_newer_version_to_everyone_who_sees_it(
    client: TestClient, people: People, initiative: Initiative, derived: PhaseModel
) -> None:
    login(client, people.leader)
    page = client.get(f"/initiatives/{initiative.id}").text
    assert f"/initiatives/{initiative.id}/model-version?to={DERIVED_VERSION}" in page
    preview = client.get(f"/initiatives/{initiative.id}/model-version?to={TO}")
    assert preview.status_code == 200
    assert 'id="impact-new"' in preview.text and "Regionalt mandat" in preview.text
    assert 'id="move-not-allowed"' in preview.text and 'id="move-form"' not in preview.text


def test_a_support_officer_previews_then_confirms_the_move(
    client: TestClient,
    session: Session,
    people: People,
    initiative: Initiative,
    derived: PhaseModel,
) -> None:
    _settle_start(session, people, initiative)
    login(client, people.support)
    preview = client.get(f"/initiatives/{initiative.id}/model-version?to={TO}")
    impact = re.search(r'id="impact"(.*?)</section>', preview.text, re.S)
    assert impact is not None
    assert "Öppenhet och nyfikenhet" in impact[1]  # a ticked item that falls away
    assert 'id="impact-gate"' in impact[1] and "Grinden ändras" in impact[1]
    assert "Kritisk massa av företag i regionen" in impact[1]  # reworded in this phase
    token = csrf_of(preview.text)
    form = {"to_version": DERIVED_VERSION, "expected_from_version": BASE.version}
    refused = client.post(
        f"/initiatives/{initiative.id}/model-version", data=form, follow_redirects=False
    )
    assert refused.status_code == 403  # no CSRF token
    moved = client.post(
        f"/initiatives/{initiative.id}/model-version",
        data={**form, "csrf_token": token},
        follow_redirects=False,
    )
    assert moved.status_code == 303
    page = client.get(moved.headers["location"]).text
    assert "följer nu den nya versionen" in page
    assert 'id="newer-version"' not in page
    earlier = re.search(r'id="earlier-items"(.*?)</section>', page, re.S)
    assert earlier is not None
    assert "Öppenhet och nyfikenhet" in earlier[1] and f"Underlag {REMOVED}" in earlier[1]
    assert BASE.version in earlier[1]
    # The reworded item, opened, shows what it read when it was ticked.
    opened = client.get(f"/initiatives/{initiative.id}?open={REWORDED}").text
    assert "Kritisk massa vad gäller antal företag" in opened
    history = re.search(r'id="history-title"(.*?)</section>', page, re.S)
    assert history is not None and DERIVED_VERSION in history[1]
    again = client.post(
        f"/initiatives/{initiative.id}/model-version",
        data={**form, "csrf_token": token},
        follow_redirects=False,
    )
    assert again.status_code == 303  # a stale form: back to the page, which says why
    assert "hade redan flyttats" in client.get(again.headers["location"]).text


@pytest.mark.parametrize("who", ["leader", "funder"])
def test_leadership_and_funders_cannot_move_through_the_form(
    client: TestClient, people: People, initiative: Initiative, derived: PhaseModel, who: str
) -> None:
    token = login(client, getattr(people, who))
    response = client.post(
        f"/initiatives/{initiative.id}/model-version",
        data={
            "to_version": DERIVED_VERSION,
            "expected_from_version": BASE.version,
            "csrf_token": token,
        },
    )
    assert response.status_code == 403


def test_an_outsider_sees_no_preview(
    client: TestClient, people: People, initiative: Initiative, derived: PhaseModel
) -> None:
    login(client, people.outsider)
    assert client.get(f"/initiatives/{initiative.id}/model-version?to={TO}").status_code == 404


def test_the_preview_of_an_unknown_or_the_same_version_is_a_clear_error(
    client: TestClient, people: People, initiative: Initiative, derived: PhaseModel
) -> None:
    login(client, people.support)
    for to in ("nej", quote(BASE.version, safe="")):
        response = client.get(f"/initiatives/{initiative.id}/model-version?to={to}")
        assert response.status_code == 422, to


# --- the move through the API ------------------------------------------------


def test_the_api_moves_an_initiative_and_answers_with_its_new_state_and_the_diff(
    client: TestClient,
    session: Session,
    people: People,
    initiative: Initiative,
    derived: PhaseModel,
) -> None:
    _settle_start(session, people, initiative)
    headers = bearer(session, people.support)
    url = f"/api/initiatives/{initiative.id}/model-version"
    preview = client.get(f"{url}?to={TO}", headers=headers).json()
    assert preview["may_move"] is True
    assert preview["impact"]["new_open"] == [ADDED]
    assert preview["impact"]["gate_before"]["allowed"] is True
    assert preview["impact"]["gate_after"]["missing"] == [ADDED]

    body = {"to_version": DERIVED_VERSION, "expected_from_version": BASE.version}
    response = client.post(url, json=body, headers=headers)
    assert response.status_code == 200, response.text
    moved = response.json()
    assert moved["initiative"]["model_version"] == DERIVED_VERSION
    assert moved["initiative"]["gate"]["missing"] == [ADDED]
    assert [e["key"] for e in moved["initiative"]["earlier_items"]] == [REMOVED]
    earlier = moved["initiative"]["earlier_items"][0]
    assert earlier["model_version"] == BASE.version and earlier["status"] == "done"
    assert earlier["text"]["sv"].startswith("Öppenhet och nyfikenhet")
    assert moved["change"]["from_version"] == BASE.version
    assert moved["change"]["actor"] == people.support.email
    assert [i["key"] for i in moved["change"]["diff"]["added"]] == [ADDED]

    assert client.post(url, json=body, headers=headers).status_code == 409
    history = client.get(f"/api/initiatives/{initiative.id}/model-version-changes", headers=headers)
    assert [c["to_version"] for c in history.json()["items"]] == [DERIVED_VERSION]


def test_the_api_refuses_bad_input_and_other_roles(
    client: TestClient,
    session: Session,
    people: People,
    initiative: Initiative,
    derived: PhaseModel,
) -> None:
    url = f"/api/initiatives/{initiative.id}/model-version"
    body = {"to_version": DERIVED_VERSION, "expected_from_version": BASE.version}
    assert client.post(url, json=body, headers={"Authorization": "Bearer kf_no"}).status_code == 401
    assert client.post(url, json=body).status_code == 403  # no token, no CSRF token
    for user, code in ((people.leader, 403), (people.funder, 403), (people.outsider, 404)):
        assert client.post(url, json=body, headers=bearer(session, user)).status_code == code
    headers = bearer(session, people.admin)
    unknown = client.post(url, json={**body, "to_version": "nej"}, headers=headers)
    assert unknown.status_code == 422 and unknown.json()["field"] == "to_version"
    same = client.post(url, json={**body, "to_version": BASE.version}, headers=headers)
    assert same.status_code == 422 and "already follows" in same.json()["detail"]
    stale = client.post(
        url, json={**body, "expected_from_version": DERIVED_VERSION}, headers=headers
    )
    assert stale.status_code == 409
    incomplete = client.post(url, json={"to_version": DERIVED_VERSION}, headers=headers)
    assert incomplete.status_code == 422
    assert (
        client.post("/api/initiatives/999999/model-version", json=body, headers=headers).status_code
        == 404
    )
    assert client.get(f"{url}?to={TO}", headers=bearer(session, people.outsider)).status_code == 404
    assert (
        client.get(f"{url}?to={TO}", headers=bearer(session, people.funder)).json()["may_move"]
        is False
    )
    got = client.get(f"/api/initiatives/{initiative.id}", headers=headers).json()
    assert got["model_version"] == BASE.version and got["earlier_items"] == []


def test_the_pages_use_a_constant_number_of_queries(
    client: TestClient,
    session: Session,
    people: People,
    initiative: Initiative,
    derived: PhaseModel,
) -> None:
    login(client, people.support)
    engine = session.get_bind()

    def selects(path: str) -> int:
        with recorded_statements(engine) as statements:
            assert client.get(path).status_code == 200
        return reads(statements)

    page = selects(f"/initiatives/{initiative.id}")
    preview = selects(f"/initiatives/{initiative.id}/model-version?to={TO}")
    _settle_start(session, people, initiative)
    assert selects(f"/initiatives/{initiative.id}/model-version?to={TO}") == preview
    _move(session, people, initiative)  # now with a history entry and a kept, removed item
    assert selects(f"/initiatives/{initiative.id}") == page
