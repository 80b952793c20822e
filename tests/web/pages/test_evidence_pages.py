"""Evidence through HTTP: uploads checked by content and size, downloads by visibility."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta

import httpx2
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models.evidence import Evidence
from app.models.initiatives import Initiative
from app.phases import Evidence as EvidenceKind
from app.phases import Phase, get_model
from tests.conftest import UPLOAD_MAX_BYTES, People, bearer, login
from tests.domain.test_evidence_rules import DOCX, PDF

MODEL = get_model()
KEY = next(
    i.key for i in MODEL.required_items(Phase.STARTING_POINT) if i.evidence is not EvidenceKind.NONE
)


def upload(
    client: TestClient,
    headers: dict[str, str],
    initiative: Initiative,
    name: str,
    data: bytes,
    **fields: str,
) -> httpx2.Response:  # the client Starlette's TestClient is built on
    return client.post(
        f"/api/initiatives/{initiative.id}/items/{KEY}/evidence",
        files={"file": (name, data, "application/octet-stream")},
        data=fields,
        headers=headers,
    )


def test_upload_list_and_download(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    leader = bearer(session, people.leader)
    expires = (date.today() + timedelta(days=365)).isoformat()
    response = upload(
        client,
        leader,
        initiative,
        "avtal.docx",
        DOCX,
        expires_on=expires,
        note="Undertecknat avtal",
    )
    assert response.status_code == 201, response.text
    piece = response.json()
    assert piece["media_type"].endswith("wordprocessingml.document")
    assert piece["sha256"] == hashlib.sha256(DOCX).hexdigest()
    assert piece["expires_on"] == expires and piece["added_by"] == people.leader.email

    listed = client.get(f"/api/initiatives/{initiative.id}/items/{KEY}/evidence", headers=leader)
    assert [p["id"] for p in listed.json()["items"]] == [piece["id"]]

    got = client.get(piece["download"], headers=leader)
    assert got.status_code == 200 and got.content == DOCX
    assert got.headers["content-disposition"].startswith('attachment; filename="avtal.docx"')
    assert client.get(piece["download"], headers=bearer(session, people.funder)).status_code == 200
    assert (
        client.get(piece["download"], headers=bearer(session, people.outsider)).status_code == 404
    )

    # The document alone lets the item be done.
    done = client.put(
        f"/api/initiatives/{initiative.id}/items/{KEY}", json={"status": "done"}, headers=leader
    )
    assert done.status_code == 200 and done.json()["standing"] == "done"


def test_uploads_are_checked_by_content_and_capped_in_size(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    leader = bearer(session, people.leader)
    fake = upload(client, leader, initiative, "rapport.pdf", b"<html>not a pdf</html>")
    assert fake.status_code == 422 and fake.json()["field"] == "file"
    assert "not a document we accept" in fake.json()["detail"]
    renamed = upload(client, leader, initiative, "rapport.docx", PDF)
    assert renamed.status_code == 422 and "application/pdf" in renamed.json()["detail"]
    big = upload(client, leader, initiative, "stor.pdf", PDF + b"0" * (UPLOAD_MAX_BYTES + 1))
    assert big.status_code == 413 and "limit" in big.json()["detail"]
    bad_date = upload(client, leader, initiative, "ok.pdf", PDF, expires_on="31/12")
    assert bad_date.status_code == 422 and bad_date.json()["field"] == "expires_on"
    assert session.scalar(select(func.count()).select_from(Evidence)) == 0


def test_notes_and_links_as_json_and_who_may_add_them(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    url = f"/api/initiatives/{initiative.id}/items/{KEY}/evidence"
    ok = client.post(
        url,
        json={"kind": "link", "url": "https://example.se/protokoll"},
        headers=bearer(session, people.leader),
    )
    assert ok.status_code == 201 and ok.json()["url"] == "https://example.se/protokoll"
    bad = client.post(
        url,
        json={"kind": "link", "url": "javascript:alert(1)"},
        headers=bearer(session, people.leader),
    )
    assert bad.status_code == 422 and bad.json()["field"] == "url"
    extra = client.post(
        url,
        json={"kind": "note", "note": "x", "colour": "red"},
        headers=bearer(session, people.leader),
    )
    assert extra.status_code == 422
    for user, code in ((people.funder, 403), (people.support, 403), (people.outsider, 404)):
        response = client.post(
            url, json={"kind": "note", "note": "x"}, headers=bearer(session, user)
        )
        assert response.status_code == code, user.email
    withdraw = client.post(
        f"/api/evidence/{ok.json()['id']}/withdraw",
        json={"reason": "Fel"},
        headers=bearer(session, people.leader),
    )
    assert withdraw.status_code == 200 and withdraw.json()["withdrawal_reason"] == "Fel"


def test_the_page_form_uploads_and_keeps_input_on_error(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    csrf = login(client, people.leader)
    url = f"/initiatives/{initiative.id}/items/{KEY}/evidence"
    htmx = {"HX-Request": "true", "X-CSRF-Token": csrf}
    wrong = client.post(
        url,
        files={"file": ("x.pdf", b"plain text", "text/plain")},
        data={"kind": "file", "note": "Mitt underlag"},
        headers=htmx,
    )
    assert wrong.status_code == 422
    assert "Den här filtypen tas inte emot" in wrong.text and "Mitt underlag" in wrong.text
    saved = client.post(
        url,
        files={"file": ("beslut.pdf", PDF, "application/pdf")},
        data={"kind": "file"},
        headers=htmx,
    )
    assert saved.status_code == 200 and "beslut.pdf" in saved.text
    page = client.get(f"/initiatives/{initiative.id}?open={KEY}")  # the item, open
    assert "beslut.pdf" in page.text and "/download" in page.text
