"""One item of the initiative page through HTTP: opening it, and its one form (the status,
then a piece of evidence to add), saved in order; a form that changes nothing writes
nothing."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.initiatives import queries as initiative_queries
from app.models.audit import AuditEntry
from app.models.evidence import Evidence
from app.models.initiatives import Initiative
from app.phases import Phase, get_model
from tests.conftest import UPLOAD_MAX_BYTES, People, login
from tests.domain.test_evidence_rules import PDF

KEY = get_model().required_items(Phase.STARTING_POINT)[0].key  # needs evidence to be done
HTMX = {"HX-Request": "true"}


def _url(initiative: Initiative) -> str:
    return f"/initiatives/{initiative.id}/items/{KEY}"


def _actions(session: Session, initiative: Initiative) -> list[str]:
    """The audit trail of the initiative's items and evidence, oldest first."""
    return list(
        session.scalars(
            select(AuditEntry.action)
            .where(
                AuditEntry.initiative_id == initiative.id,
                AuditEntry.action.in_(("item.update", "evidence.add")),
            )
            .order_by(AuditEntry.seq)
        )
    )


def _pieces(session: Session, initiative: Initiative) -> list[Evidence]:
    return list(session.scalars(select(Evidence).where(Evidence.initiative_id == initiative.id)))


def _status(session: Session, initiative: Initiative) -> str:
    state = initiative_queries.get_item_state(session, initiative_id=initiative.id, key=KEY)
    assert state is not None
    session.refresh(state)
    return state.status.value


def test_opening_an_item_fetches_its_form_or_shows_the_page_with_it_open(
    client: TestClient, people: People, initiative: Initiative
) -> None:
    login(client, people.leader)
    fragment = client.get(_url(initiative), headers=HTMX)
    assert fragment.status_code == 200 and "<html" not in fragment.text
    assert 'class="item-form"' in fragment.text and 'name="evidence_note"' in fragment.text
    # Only the chosen kind's field shows (app.css); the note is the first choice.
    assert re.search(r'name="kind" value="note" id="[^"]+" checked', fragment.text)
    page = client.get(_url(initiative), follow_redirects=False)
    assert page.status_code == 303
    assert page.headers["location"].endswith(
        f"?phase=starting_point&open={KEY}#item-" + KEY.replace(".", "-")
    )
    assert client.get(f"/initiatives/{initiative.id}/items/nope", headers=HTMX).status_code == 404
    login(client, people.outsider)
    assert client.get(_url(initiative), headers=HTMX).status_code == 404


def test_a_note_and_a_tick_in_one_save_land_in_that_order(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    csrf = login(client, people.leader)
    saved = client.post(
        _url(initiative),
        data={"status": "done", "kind": "note", "evidence_note": "Protokoll från styrgruppen"},
        headers={**HTMX, "X-CSRF-Token": csrf},
    )
    assert saved.status_code == 200, saved.text
    assert 'data-draft-added="1"' in saved.text and "item-done" in saved.text
    assert [p.note for p in _pieces(session, initiative)] == ["Protokoll från styrgruppen"]
    assert _status(session, initiative) == "done"
    assert _actions(session, initiative) == ["evidence.add", "item.update"]


def test_a_draft_saved_along_with_another_field_stays_a_draft(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    csrf = login(client, people.leader)
    kept = client.post(
        _url(initiative),
        data={
            "status": "not_applicable",
            "justification": "Ingår i regionens nätverk",
            "kind": "link",
            "url": "https://example.se/halvfardig",
            "expires_on": "2030-01-31",
        },
        headers={**HTMX, "X-CSRF-Token": csrf},
    )
    assert kept.status_code == 200
    assert _pieces(session, initiative) == []  # no tick it proves, no button: not added
    assert 'value="https://example.se/halvfardig"' in kept.text  # but kept in the form
    assert 'value="2030-01-31"' in kept.text
    assert _status(session, initiative) == "not_applicable"
    added = client.post(
        _url(initiative),
        data={
            "status": "not_applicable",
            "justification": "Ingår i regionens nätverk",
            "kind": "link",
            "url": "https://example.se/klar",
            "add": "1",
        },
        headers={**HTMX, "X-CSRF-Token": csrf},
    )
    assert added.status_code == 200
    assert [p.url for p in _pieces(session, initiative)] == ["https://example.se/klar"]
    # The button added the piece; the unchanged status was not written again.
    assert _actions(session, initiative) == ["item.update", "evidence.add"]


def test_the_same_state_sent_twice_writes_once(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    csrf = login(client, people.leader)
    form = {"status": "not_applicable", "justification": "Gäller inte oss"}
    for _ in range(2):
        response = client.post(_url(initiative), data=form, headers={**HTMX, "X-CSRF-Token": csrf})
        assert response.status_code == 200
    assert _actions(session, initiative) == ["item.update"]


def test_a_refused_piece_saves_nothing_and_keeps_the_input(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    csrf = login(client, people.leader)
    headers = {**HTMX, "X-CSRF-Token": csrf}
    bad_date = client.post(
        _url(initiative),
        data={"status": "done", "kind": "note", "evidence_note": "Mitt underlag",
              "effective_on": "31/12"},
        headers=headers,
    )  # fmt: skip
    assert bad_date.status_code == 422
    assert "Mitt underlag" in bad_date.text and 'role="alert"' in bad_date.text
    assert re.search(r'name="effective_on" type="date" value="31/12" aria-invalid="true"',
                     bad_date.text)  # fmt: skip
    assert re.search(r'value="done" id="[^"]+" checked', bad_date.text)  # the tick is kept
    too_big = client.post(
        _url(initiative),
        data={"status": "done", "kind": "file"},
        files={"file": ("stor.pdf", PDF + b"0" * (UPLOAD_MAX_BYTES + 1), "application/pdf")},
        headers=headers,
    )
    assert too_big.status_code == 413
    assert _pieces(session, initiative) == [] and _status(session, initiative) == "open"
    assert _actions(session, initiative) == []
    document = client.post(
        _url(initiative),
        data={"status": "done", "kind": "file"},
        files={"file": ("beslut.pdf", PDF, "application/pdf")},
        headers=headers,
    )
    assert document.status_code == 200 and "beslut.pdf" in document.text
    assert _status(session, initiative) == "done"


def test_who_may_not_edit_the_item_saves_nothing(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    form = {"status": "done", "kind": "note", "evidence_note": "x", "add": "1"}
    csrf = login(client, people.funder)
    refused = client.post(_url(initiative), data=form, headers={**HTMX, "X-CSRF-Token": csrf})
    assert refused.status_code == 403
    csrf = login(client, people.outsider)
    assert (
        client.post(_url(initiative), data=form, headers={**HTMX, "X-CSRF-Token": csrf}).status_code
        == 404
    )
    assert session.scalar(select(func.count()).select_from(Evidence)) == 0


def test_a_form_left_open_on_a_closed_initiative_is_refused_not_a_server_error(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    """A tab opened before the initiative was closed still posts its item form."""
    csrf = login(client, people.admin)
    closed = client.post(
        f"/initiatives/{initiative.id}/transitions",
        data={"trigger": "close", "reason": "Ingen bärkraft", "csrf_token": csrf},
    )
    assert closed.status_code == 200
    refused = client.post(
        _url(initiative), data={"status": "open", "note": "sent late"},
        headers={**HTMX, "X-CSRF-Token": csrf},
    )  # fmt: skip
    assert refused.status_code == 409
    assert 'role="alert"' in refused.text and "sent late" in refused.text  # kept, not lost
    assert _status(session, initiative) == "open" and _actions(session, initiative) == []
