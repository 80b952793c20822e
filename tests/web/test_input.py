"""Input no database can take is a 4xx, never a 500, on both databases: NUL and unpaired
surrogates in any text, ids past the id columns' range, numbers past a float, unknown
item keys in HTMX forms, bodies past the limit. Every 422 has {detail, code, field}."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.models.initiatives import Initiative
from app.phases import Phase, get_model
from tests.conftest import People, bearer, login

KEY = get_model().required_items(Phase.STARTING_POINT)[0].key


@pytest.fixture
def lenient(app: FastAPI) -> TestClient:
    # A 500 comes back as a response here instead of raising in the test.
    return TestClient(app, raise_server_exceptions=False)


def _problem(response: Any, field: str, code: str = "invalid_characters") -> None:
    assert response.status_code == 422, response.text
    body = response.json()
    assert {"detail", "code", "field"} <= set(body)
    assert isinstance(body["detail"], str) and body["detail"]
    assert (body["code"], body["field"]) == (code, field)


def test_nul_in_any_text_is_422_naming_the_field(
    lenient: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    support, leader = bearer(session, people.support), bearer(session, people.leader)
    base = f"/api/initiatives/{initiative.id}"
    created = lenient.post(
        "/api/initiatives", json={"name": "a\x00b", "region": "R"}, headers=support
    )
    _problem(created, "name")
    item = lenient.put(
        f"{base}/items/{KEY}", json={"status": "done", "note": "x\x00"}, headers=leader
    )
    _problem(item, "note")
    conditions = {"outcome": "go", "rationale": "ok", "conditions": [{"text": "\x00"}]}
    nested = lenient.post("/api/gate-reviews/1/decision", json=conditions, headers=support)
    _problem(nested, "conditions[0].text")
    _problem(lenient.get("/api/portfolio?q=%00", headers=support), "q")
    _problem(lenient.get(f"{base}/items/a%00b/evidence", headers=leader), "key")
    note = lenient.post(f"{base}/items/{KEY}/evidence", data={"note": "\x00"}, headers=leader,
                        files={"file": ("a.pdf", b"%PDF-1.4", "application/pdf")})  # fmt: skip
    _problem(note, "note")

    csrf = login(lenient, people.leader)
    form = lenient.post(
        f"/initiatives/{initiative.id}/items/{KEY}",
        data={"status": "done", "justification": "a\x00", "csrf_token": csrf},
        headers={"HX-Request": "true"},
    )
    assert form.status_code == 422, form.text
    assert 'id="refusal"' in form.text or "error" in form.text


def test_a_lone_surrogate_or_a_number_past_a_float_is_422(
    lenient: TestClient, session: Session, people: People
) -> None:
    support = {**bearer(session, people.support), "content-type": "application/json"}
    surrogate = b'{"name": "\\ud800", "region": "R"}'
    _problem(lenient.post("/api/initiatives", content=surrogate, headers=support), "name")
    huge = b'{"name": "x", "region": "R", "sector": 1e309}'
    _problem(
        lenient.post("/api/initiatives", content=huge, headers=support), "sector", "invalid_number"
    )
    # Where the value fails validation as well, the answer must not echo it.
    wrong_type = b'{"name": 1e309, "region": "R"}'
    _problem(
        lenient.post("/api/initiatives", content=wrong_type, headers=support),
        "name",
        "invalid_number",
    )
    key = b'{"name": "x", "region": "R", "\\udfff": 1}'
    assert lenient.post("/api/initiatives", content=key, headers=support).status_code == 422


def test_the_validation_answer_never_fails_on_what_it_was_sent(
    app: FastAPI, lenient: TestClient, session: Session, people: People
) -> None:
    # Past the request-level check (a text field given a number that is no number): the
    # validation handler itself answers, in the README's shape.
    support = bearer(session, people.support)
    unreadable = lenient.post(
        "/api/initiatives", json={"name": ["x"], "region": "R"}, headers=support
    )
    _problem(unreadable, "name", "invalid_input")
    assert unreadable.json()["errors"][0]["field"] == "name"
    assert "input" not in unreadable.json()["errors"][0]


@pytest.mark.parametrize("rid", [2**31, 2**63, -(2**63) - 1, 10**30])
def test_ids_past_the_columns_range_are_404(
    lenient: TestClient, session: Session, people: People, initiative: Initiative, rid: int
) -> None:
    support = bearer(session, people.support)
    for path in (
        f"/api/initiatives/{rid}",
        f"/api/gate-reviews/{rid}",
        f"/api/initiatives/{initiative.id}/funders/{rid}",
        f"/evidence/{rid}/download",
    ):
        method = "DELETE" if "/funders/" in path else "GET"
        response = lenient.request(method, path, headers=support)
        assert response.status_code == 404, (path, response.status_code, response.text[:200])
    assert lenient.get(f"/api/initiatives/{rid}", headers=support).json()["code"] == "not_found"
    decided = lenient.post(f"/api/gate-reviews/{rid}/decision", json={}, headers=support)
    assert decided.status_code in (404, 422), decided.text


def test_an_unknown_item_key_in_an_htmx_form_is_404_not_500(
    lenient: TestClient, people: People, initiative: Initiative
) -> None:
    csrf = login(lenient, people.leader)
    htmx = {"HX-Request": "true", "X-CSRF-Token": csrf}
    base = f"/initiatives/{initiative.id}/items/no.such.item"
    for path, data in (
        (base, {"status": "done"}),
        (f"{base}/evidence", {"kind": "note", "note": "x", "effective_on": "not a date"}),
        (f"{base}/evidence", {"kind": "note", "note": "x"}),
        (f"{base}/target-date", {"target_date": "2030-01-01"}),
    ):
        response = lenient.post(path, data=data, headers=htmx)
        assert response.status_code in (404, 422), (path, response.status_code)


def test_bodies_past_the_limit_are_413(
    app: FastAPI, lenient: TestClient, session: Session, people: People
) -> None:
    support = bearer(session, people.support)
    limit = app.state.settings.body_max_bytes
    big = b'{"name": "' + b"x" * (limit + 10) + b'", "region": "R"}'
    said = lenient.post(
        "/api/initiatives", content=big, headers={**support, "content-type": "application/json"}
    )
    assert (said.status_code, said.json()["code"]) == (413, "too_large")

    def chunks() -> Any:  # no Content-Length: counted as it arrives
        yield b'{"name": "'
        for _ in range(limit // 65536 + 2):
            yield b"x" * 65536
        yield b'", "region": "R"}'

    streamed = lenient.post(
        "/api/initiatives",
        content=chunks(),
        headers={**support, "content-type": "application/json"},
    )
    assert streamed.status_code == 413, streamed.text[:200]
