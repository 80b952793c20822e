"""On an item's evidence: attach a piece another item carries, see which items it serves,
and detach it; with and without HTMX, refusals shown in place, in both languages."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.evidence import services as evidence_services
from app.evidence.storage import BlobStore
from app.models.evidence import Evidence, EvidenceLink
from app.models.initiatives import Initiative
from tests.conftest import People, login

FIRST = "starting_point.results.critical_mass"
SECOND = "starting_point.results.development_potential"
HTMX = {"HX-Request": "true"}


def _piece(session: Session, people: People, initiative: Initiative) -> Evidence:
    return evidence_services.add_evidence(
        session, actor=people.leader, initiative_id=initiative.id, key=FIRST,
        new=evidence_services.NewEvidence(kind="link", url="https://example.se/handlingsplan"),
        store=BlobStore(None), max_bytes=1000,
    )  # fmt: skip


def test_attach_and_detach_on_the_item(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    piece = _piece(session, people, initiative)
    csrf = login(client, people.leader)
    opened = client.get(f"/initiatives/{initiative.id}/items/{SECOND}", headers=HTMX).text
    assert f"/items/{SECOND}/evidence/attach" in opened
    assert f'<option value="{piece.id}">' in opened
    attach = f"/initiatives/{initiative.id}/items/{SECOND}/evidence/attach"
    answer = client.post(
        attach, data={"csrf_token": csrf, "evidence_id": str(piece.id)}, headers=HTMX
    )
    assert answer.status_code == 200, answer.text
    assert f'id="evidence-{piece.id}"' in answer.text
    assert f"/items/{SECOND}/evidence/{piece.id}/detach" in answer.text
    assert f'<option value="{piece.id}">' not in answer.text  # it serves this item now
    assert session.scalars(select(EvidenceLink.item_key)).all() == [SECOND]
    # Its own item says which other items it serves, and offers no detach.
    own = client.get(f"/initiatives/{initiative.id}/items/{FIRST}", headers=HTMX).text
    assert "piece-shared" in own and f"/evidence/{piece.id}/detach" not in own
    again = client.post(
        attach, data={"csrf_token": csrf, "evidence_id": str(piece.id)}, headers=HTMX
    )
    assert again.status_code == 409 and 'role="alert"' in again.text
    assert "evidence_already_attached" not in again.text  # a sentence, not the code
    detach = f"/initiatives/{initiative.id}/items/{SECOND}/evidence/{piece.id}/detach"
    plain = client.post(detach, data={"csrf_token": csrf}, follow_redirects=False)
    assert plain.status_code == 303 and f"open={SECOND}" in plain.headers["location"]
    assert session.scalars(select(EvidenceLink)).all() == []


def test_refusals_are_shown_in_place_and_permissions_hold(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    piece = _piece(session, people, initiative)
    csrf = login(client, people.leader)
    attach = f"/initiatives/{initiative.id}/items/{SECOND}/evidence/attach"
    bad = client.post(attach, data={"csrf_token": csrf, "evidence_id": "x"}, headers=HTMX)
    assert bad.status_code == 422 and 'role="alert"' in bad.text
    own = client.post(
        f"/initiatives/{initiative.id}/items/{FIRST}/evidence/{piece.id}/detach",
        data={"csrf_token": csrf},
        headers=HTMX,
    )
    assert own.status_code == 409 and 'role="alert"' in own.text
    csrf = login(client, people.funder)
    opened = client.get(f"/initiatives/{initiative.id}/items/{SECOND}", headers=HTMX).text
    assert "/evidence/attach" not in opened
    refused = client.post(attach, data={"csrf_token": csrf, "evidence_id": str(piece.id)})
    assert refused.status_code == 403
    assert session.scalars(select(EvidenceLink)).all() == []


def test_the_words_are_translated(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    piece = _piece(session, people, initiative)
    csrf = login(client, people.leader)
    client.post(
        f"/initiatives/{initiative.id}/items/{SECOND}/evidence/attach",
        data={"csrf_token": csrf, "evidence_id": str(piece.id)},
    )
    third = "starting_point.results.committed_individuals"
    sv = client.get(f"/initiatives/{initiative.id}/items/{third}", headers=HTMX).text
    assert "Also attach existing evidence" not in sv
    shared = client.get(f"/initiatives/{initiative.id}/items/{SECOND}", headers=HTMX).text
    assert "Detach" not in shared and "Shared" not in shared
