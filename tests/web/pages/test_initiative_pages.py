"""The HTML pages and their HTMX partials, through HTTP with a logged-in session."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import Connection
from sqlalchemy.orm import Session

from app.access import services as access
from app.domain.items import ItemStatus
from app.initiatives import queries as initiative_queries
from app.initiatives import services as initiatives
from app.models.initiatives import Initiative
from app.phases import Phase, get_model
from bench.generate_portfolio import generate
from tests.conftest import PASSWORD, People, bearer, csrf_of, login, reads, recorded_statements

MODEL = get_model()
START = MODEL.required_items(Phase.STARTING_POINT)
HTMX = {"HX-Request": "true"}


def _anchor(key: str) -> str:
    return "item-" + key.replace(".", "-")


def test_anonymous_visitors_are_sent_to_login(client: TestClient, initiative: Initiative) -> None:
    response = client.get(f"/initiatives/{initiative.id}", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == f"/login?next=/initiatives/{initiative.id}"
    partial = client.get("/initiatives", headers=HTMX, follow_redirects=False)
    assert partial.headers["HX-Redirect"].startswith("/login")


def test_login_with_a_wrong_password_fails_and_keeps_the_email(
    client: TestClient, people: People
) -> None:
    token = csrf_of(client.get("/login").text)
    response = client.post(
        "/login", data={"email": people.leader.email, "password": "nope", "csrf_token": token}
    )
    assert response.status_code == 401
    assert f'value="{people.leader.email}"' in response.text


def test_login_is_throttled_after_repeated_failures(client: TestClient, people: People) -> None:
    token = csrf_of(client.get("/login").text)
    for _ in range(10):
        client.post(
            "/login", data={"email": people.leader.email, "password": "nope", "csrf_token": token}
        )
    blocked = client.post(
        "/login", data={"email": people.leader.email, "password": PASSWORD, "csrf_token": token}
    )
    assert blocked.status_code == 429


def test_login_never_redirects_off_site(client: TestClient, people: People) -> None:
    token = csrf_of(client.get("/login").text)
    response = client.post(
        "/login",
        data={
            "email": people.leader.email,
            "password": PASSWORD,
            "csrf_token": token,
            "next": "//evil.example/x",
        },
        follow_redirects=False,
    )
    assert response.headers["location"] == "/initiatives"


def test_forms_without_the_csrf_token_are_refused(
    client: TestClient, people: People, initiative: Initiative
) -> None:
    login(client, people.leader)
    url = f"/initiatives/{initiative.id}/items/{START[0].key}"
    assert client.post(url, data={"status": "done", "note": "x"}).status_code == 403
    assert (
        client.post(url, data={"status": "done", "note": "x", "csrf_token": "forged"}).status_code
        == 403
    )
    cross = client.post(
        url, data={"status": "done", "note": "x"}, headers={"Sec-Fetch-Site": "cross-site"}
    )
    assert cross.status_code == 403
    assert client.post("/login", data={"email": "a@b.se", "password": "x"}).status_code == 403


def test_the_initiative_page_shows_stepper_checklists_gate_and_history(
    client: TestClient, people: People, initiative: Initiative
) -> None:
    login(client, people.leader)
    page = client.get(f"/initiatives/{initiative.id}")
    assert page.status_code == 200
    html = page.text
    assert 'class="stepper"' in html and 'aria-current="page"' in html
    assert 'id="gate-panel"' in html
    for item in START:
        assert f'id="{_anchor(item.key)}"' in html
        assert f'data-key="{item.key}"' in html  # each missing item is named in the gate panel
    # Each item is one line that opens in place; opened, it carries the item's form.
    assert f'href="?open={START[0].key}"' in html
    assert 'class="item-form"' not in html
    opened = client.get(f"/initiatives/{initiative.id}/items/{START[0].key}", headers=HTMX)
    assert "<html" not in opened.text
    assert f'action="/initiatives/{initiative.id}/items/{START[0].key}"' in opened.text
    assert "/static/htmx.min.js" in html


def test_an_htmx_tick_returns_the_item_and_updates_progress_and_gate(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    csrf = login(client, people.leader)
    key = START[0].key
    response = client.post(
        f"/initiatives/{initiative.id}/items/{key}",
        data={"status": "done", "note": "45 företag"},
        headers={**HTMX, "X-CSRF-Token": csrf},
    )
    assert response.status_code == 200
    html = response.text
    assert "<html" not in html  # a partial, not a page
    assert re.match(rf'<li class="item item-done[^"]*" id="{_anchor(key)}"', html.lstrip())
    assert "<details open>" in html  # the item stays open
    assert 'id="gate-panel"' in html and 'hx-swap-oob="true"' in html
    assert f'data-key="{key}"' not in html  # no longer missing
    assert f'id="progress-{START[0].category.value}"' in html
    assert "HX-Request" in response.headers["Vary"]
    state = initiative_queries.get_item_state(session, initiative_id=initiative.id, key=key)
    assert state is not None and state.status is ItemStatus.DONE and state.note == "45 företag"


def test_an_invalid_tick_keeps_the_input_and_saves_nothing(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    csrf = login(client, people.leader)
    key = START[0].key
    response = client.post(
        f"/initiatives/{initiative.id}/items/{key}",
        data={"status": "done", "kind": "link", "url": "javascript:alert(1)"},
        headers={**HTMX, "X-CSRF-Token": csrf},
    )
    assert response.status_code == 422
    assert 'role="alert"' in response.text
    assert "javascript:alert(1)" in response.text  # kept for correction, escaped in an attribute
    assert 'value="done" id=' in response.text and "checked" in response.text
    state = initiative_queries.get_item_state(session, initiative_id=initiative.id, key=key)
    assert state is not None and state.status is ItemStatus.OPEN


def test_a_tick_without_javascript_redirects_back(
    client: TestClient, people: People, initiative: Initiative
) -> None:
    csrf = login(client, people.leader)
    response = client.post(
        f"/initiatives/{initiative.id}/items/{START[0].key}",
        data={"status": "done", "note": "ok", "csrf_token": csrf},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"].endswith(_anchor(START[0].key))


def test_a_funder_sees_a_read_only_page(
    client: TestClient, people: People, initiative: Initiative
) -> None:
    csrf = login(client, people.funder)
    html = client.get(f"/initiatives/{initiative.id}").text
    assert "item-form" not in html and "transitions" not in html
    opened = client.get(f"/initiatives/{initiative.id}?open={START[0].key}").text
    assert "item-form" not in opened and "item-readonly" in opened
    response = client.post(
        f"/initiatives/{initiative.id}/items/{START[0].key}",
        data={"status": "done", "note": "x"},
        headers={**HTMX, "X-CSRF-Token": csrf},
    )
    assert response.status_code == 403


def test_other_groups_initiatives_are_404(
    client: TestClient, people: People, initiative: Initiative
) -> None:
    login(client, people.outsider)
    assert client.get(f"/initiatives/{initiative.id}").status_code == 404
    assert "Textilnoden" not in client.get("/initiatives").text


def test_support_moves_the_initiative_through_the_form(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    csrf = login(client, people.support)
    url = f"/initiatives/{initiative.id}/transitions"
    refused = client.post(
        url, data={"trigger": "advance", "expected_phase": "starting_point", "csrf_token": csrf}
    )
    assert refused.status_code == 409
    assert 'id="refusal"' in refused.text
    for item in START:
        state = initiative_queries.get_item_state(
            session, initiative_id=initiative.id, key=item.key
        )
        assert state is not None
        state.status, state.note = ItemStatus.DONE, "ok"
    session.commit()
    moved = client.post(
        url,
        data={"trigger": "advance", "expected_phase": "starting_point", "csrf_token": csrf},
        follow_redirects=False,
    )
    assert moved.status_code == 303
    again = client.post(
        url, data={"trigger": "advance", "expected_phase": "starting_point", "csrf_token": csrf}
    )
    assert again.status_code == 409  # a stale double-submit never moves twice
    page = client.get(f"/initiatives/{initiative.id}").text
    assert "phase-pill phase-initiation" in page
    no_reason = client.post(url, data={"trigger": "close", "reason": " ", "csrf_token": csrf})
    assert no_reason.status_code == 409
    assert "reason-close" in no_reason.text
    closed = client.post(
        url, data={"trigger": "close", "reason": "Ingen bärkraft", "csrf_token": csrf}
    )
    assert closed.status_code == 200
    listing = client.get("/initiatives", headers={"Accept-Language": "en"}).text
    assert "Closed from Initiation." in listing


def test_earlier_phases_open_read_only(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    csrf = login(client, people.support)
    for item in START:
        state = initiative_queries.get_item_state(
            session, initiative_id=initiative.id, key=item.key
        )
        assert state is not None
        state.status, state.note = ItemStatus.DONE, "Underlag"
    session.commit()
    client.post(
        f"/initiatives/{initiative.id}/transitions", data={"trigger": "advance", "csrf_token": csrf}
    )
    login(client, people.leader)
    key = START[0].key
    earlier = client.get(f"/initiatives/{initiative.id}?phase=starting_point&open={key}").text
    assert "item-form" not in earlier and "Underlag" in earlier
    fragment = client.get(f"/initiatives/{initiative.id}/items/{key}", headers=HTMX).text
    assert "item-form" not in fragment and "Underlag" in fragment  # opened in place, too
    current = MODEL.required_items(Phase.INITIATION)[0].key
    assert "item-form" in client.get(f"/initiatives/{initiative.id}?open={current}").text


def test_the_language_switch_changes_ui_and_checklist_text(
    client: TestClient, people: People, initiative: Initiative
) -> None:
    csrf = login(client, people.leader)
    item = START[0]
    swedish = client.get(f"/initiatives/{initiative.id}").text
    assert item.text.sv in swedish and '<html lang="sv">' in swedish
    client.post(
        "/language",
        data={"lang": "en", "next": f"/initiatives/{initiative.id}", "csrf_token": csrf},
    )
    english = client.get(f"/initiatives/{initiative.id}").text
    assert '<html lang="en">' in english
    assert item.text.en in english and "Log out" in english


def test_security_headers(client: TestClient) -> None:
    headers = client.get("/login").headers
    assert "default-src 'self'" in headers["content-security-policy"]
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    cookie = client.cookies.jar
    assert any(c.name == "klusterfas_session" for c in cookie)


def test_the_phase_model_page_shows_both_languages(client: TestClient, people: People) -> None:
    login(client, people.funder)
    html = client.get("/phase-model").text
    for item in MODEL.items[:5]:
        assert item.key in html
    assert "Kritisk massa vad gäller antal företag" in html


def test_htmx_is_vendored(client: TestClient) -> None:
    response = client.get("/static/htmx.min.js")
    assert response.status_code == 200 and 'version:"2.0.' in response.text


def test_support_manages_the_leadership_group(
    client: TestClient, people: People, initiative: Initiative
) -> None:
    csrf = login(client, people.support)
    url = f"/initiatives/{initiative.id}/members"
    added = client.post(
        url, data={"email": people.outsider.email, "csrf_token": csrf}, follow_redirects=False
    )
    assert added.status_code == 303
    assert people.outsider.email in client.get(f"/initiatives/{initiative.id}").text
    unknown = client.post(url, data={"email": people.funder.email, "csrf_token": csrf})
    assert "member_unknown" not in unknown.text  # translated, not a raw code
    removed = client.post(
        f"{url}/{people.outsider.id}/remove", data={"csrf_token": csrf}, follow_redirects=False
    )
    assert removed.status_code == 303
    assert (
        client.post(f"{url}/{people.outsider.id}/remove", data={"csrf_token": csrf}).status_code
        == 404
    )
    login(client, people.leader)
    assert (
        client.post(f"{url}/{people.leader.id}/remove", data={"csrf_token": csrf}).status_code
        == 403
    )


def test_pages_use_a_constant_number_of_queries(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:

    login(client, people.support)
    engine = session.get_bind()

    def selects(path: str) -> int:
        with recorded_statements(engine) as statements:
            assert client.get(path).status_code == 200
        return reads(statements)

    page, listing = selects(f"/initiatives/{initiative.id}"), selects("/initiatives")
    with recorded_statements(engine) as statements:
        client.get(f"/initiatives/{initiative.id}")
    # The initiative is read by the user's statement (app.accounts.queries).
    first = next(s for s in statements if s.startswith("SELECT"))
    assert first.startswith("SELECT users.id") and "initiatives.id" in first
    assert not any(s.startswith("SELECT initiatives.id") for s in statements)
    for n in range(12):
        other = initiatives.create_initiative(
            session, actor=people.support, name=f"N{n}", region="R"
        )
        access.add_member(
            session, actor=people.support, initiative_id=other.id, email=people.leader.email
        )
    assert selects("/initiatives") == listing
    assert selects(f"/initiatives/{initiative.id}") == page


def test_each_item_is_one_line_with_its_status_and_evidence_count(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    csrf = login(client, people.leader)
    key = START[0].key
    client.post(
        f"/initiatives/{initiative.id}/items/{key}",
        data={"status": "done", "kind": "note", "evidence_note": "Protokoll"},
        headers={**HTMX, "X-CSRF-Token": csrf},
    )
    html = client.get(f"/initiatives/{initiative.id}").text
    line = html.split(f'id="{_anchor(key)}"')[1].split("</li>")[0]
    assert "item-done" in html.split(f'id="{_anchor(key)}"')[0].rsplit("<li", 1)[1]
    assert 'class="evidence-count"' in line and ">1</span>" in line
    assert "<form" not in line and "Protokoll" not in line  # the detail opens on demand
    other = html.split(f'id="{_anchor(START[1].key)}"')[1].split("</li>")[0]
    assert "evidence-count" not in other  # nothing to count, nothing shown


def test_the_filter_shows_required_or_open_items_only(
    client: TestClient, people: People, initiative: Initiative
) -> None:
    login(client, people.leader)
    plain = client.get(f"/initiatives/{initiative.id}").text
    assert 'id="checklists"' in plain and "only-required" not in plain.split("<main")[1][:2000]
    html = client.get(f"/initiatives/{initiative.id}?only_required=true&only_open=true").text
    assert 'class="checklists only-required only-open" id="checklists"' in html
    assert re.search(r'name="only_required" value="true" id="filter-required" checked', html)
    assert re.search(r'name="only_open" value="true" id="filter-open" checked', html)
    for item in START:  # app.css hides the lines the filter leaves out, by these classes
        assert re.search(
            rf'<li class="item item-open item-required" id="{_anchor(item.key)}"', html
        )


def test_a_transitions_gate_is_listed_when_asked(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    csrf = login(client, people.support)
    for item in START:
        state = initiative_queries.get_item_state(
            session, initiative_id=initiative.id, key=item.key
        )
        assert state is not None
        state.status, state.note = ItemStatus.DONE, "Underlag"
    session.commit()
    client.post(
        f"/initiatives/{initiative.id}/transitions", data={"trigger": "advance", "csrf_token": csrf}
    )
    page = client.get(f"/initiatives/{initiative.id}").text
    found = re.search(rf'href="(/initiatives/{initiative.id}/transitions/(\d+)/gate)"', page)
    assert found is not None and START[0].text.sv not in page.split('id="history-title"')[1]
    fragment = client.get(found[1], headers=HTMX)
    assert "<html" not in fragment.text and START[0].text.sv in fragment.text
    assert "status-done" in fragment.text
    whole = client.get(found[1])
    assert "<html" in whole.text and START[0].text.sv in whole.text  # without JavaScript
    other = initiatives.create_initiative(session, actor=people.support, name="N", region="R")
    assert client.get(f"/initiatives/{other.id}/transitions/{found[2]}/gate").status_code == 404


def test_advance_leads_to_the_requested_review_instead_of_passing_it_by(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    leader = bearer(session, people.leader)
    for item in START:
        client.put(
            f"/api/initiatives/{initiative.id}/items/{item.key}",
            json={"status": "done", "note": "Underlag"},
            headers=leader,
        )
    review = client.post(
        f"/api/initiatives/{initiative.id}/gate-reviews", json={}, headers=leader
    ).json()
    csrf = login(client, people.support)
    page = client.get(f"/initiatives/{initiative.id}").text
    assert 'id="decide-review"' in page and "transition-advance" not in page
    assert f'href="/gate-reviews/{review["id"]}#decide-title"' in page
    form = {"trigger": "advance", "expected_phase": "starting_point", "csrf_token": csrf}
    led = client.post(
        f"/initiatives/{initiative.id}/transitions", data=form, follow_redirects=False
    )
    assert led.status_code == 303
    assert led.headers["location"] == f"/gate-reviews/{review['id']}#decide-title"
    moved = initiative_queries.get_initiative(session, initiative.id)
    assert moved is not None and moved.phase is Phase.STARTING_POINT  # nothing was bypassed
    assert "besluta om den här" in client.get(led.headers["location"]).text  # the flash
    # The API keeps its behaviour: a direct advance decides the request as Go.
    api = client.post(
        f"/api/initiatives/{initiative.id}/transitions",
        json={"trigger": "advance"},
        headers=bearer(session, people.support),
    )
    assert api.status_code == 200
    decided = client.get(f"/api/gate-reviews/{review['id']}", headers=leader).json()
    assert decided["outcome"] == "go"


def test_the_list_shows_a_hundred_initiatives_a_page(
    client: TestClient, session: Session, connection: Connection, people: People,
    initiative: Initiative,
) -> None:  # fmt: skip
    generate(connection, 104, seed=7)  # with the fixture's, 105
    login(client, people.support)
    first = client.get("/initiatives").text
    assert "105 initiativ" in first and "Sida 1 av 2" in first
    assert first.count('class="strong-link" href="/initiatives/') == 100
    assert 'href="/initiatives?page=2" rel="next"' in first and 'rel="prev"' not in first
    second = client.get("/initiatives?page=2").text
    assert second.count('class="strong-link" href="/initiatives/') == 5
    assert "Sida 2 av 2" in second and 'href="/initiatives?page=1" rel="prev"' in second
    past = client.get("/initiatives?page=40").text  # past the end: the last page
    assert "Sida 2 av 2" in past
    assert client.get("/initiatives?page=0").status_code == 422
    assert client.get("/initiatives?page=" + "9" * 30).status_code == 422
    # Each initiative once, by name, over the two pages.
    ids = re.findall(r'class="strong-link" href="/initiatives/(\d+)"', first + second)
    assert len(set(ids)) == 105
    login(client, people.leader)  # only their own: one page, no pagination
    own = client.get("/initiatives").text
    assert "1 initiativ" in own and "Sida 1" not in own
