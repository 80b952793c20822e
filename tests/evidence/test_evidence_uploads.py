"""Uploads are read as they stream in: nothing before the permission check, never past the
cap (a chunked body that never says its length included). File names keep only what is
printable, and a name stored before that still downloads."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator, MutableMapping
from dataclasses import dataclass, field
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.models.evidence import Evidence
from app.models.initiatives import Initiative
from app.phases import Evidence as EvidenceKind
from app.phases import Phase, get_model
from tests.conftest import UPLOAD_MAX_BYTES, People, bearer, login
from tests.domain.test_evidence_rules import PDF

KEY = next(
    i.key
    for i in get_model().required_items(Phase.STARTING_POINT)
    if i.evidence is not EvidenceKind.NONE
)
CHUNK = 64 * 1024
BOUNDARY = "streamed-upload"


@dataclass
class Sent:
    """A chunked multipart upload of `total` bytes, and how much of it the app read."""

    total: int
    pulled: int = 0
    status: int = 0
    headers: dict[str, str] = field(default_factory=dict)

    def chunks(self) -> Iterator[bytes]:
        yield (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; '
            'filename="big.pdf"\r\nContent-Type: application/pdf\r\n\r\n'
        ).encode() + PDF
        for _ in range(self.total // CHUNK):
            yield b"0" * CHUNK
        yield f"\r\n--{BOUNDARY}--\r\n".encode()


def _upload(app: FastAPI, path: str, total: int, headers: dict[str, str]) -> Sent:
    """Call the app as a server would, with no Content-Length, counting what it reads."""
    sent = Sent(total)
    body = list(sent.chunks())
    raw = [(k.lower().encode(), v.encode()) for k, v in headers.items()]
    scope: dict[str, Any] = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
        "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": b"",
        "root_path": "", "client": ("127.0.0.1", 50000), "server": ("testserver", 80),
        "headers": [
            (b"host", b"testserver"), (b"transfer-encoding", b"chunked"),
            (b"content-type", f"multipart/form-data; boundary={BOUNDARY}".encode()), *raw,
        ],
    }  # fmt: skip

    async def receive() -> dict[str, Any]:
        if not body:
            await asyncio.sleep(3600)  # all sent: the client waits for the answer
        chunk = body.pop(0)
        sent.pulled += len(chunk)
        return {"type": "http.request", "body": chunk, "more_body": bool(body)}

    async def send(message: MutableMapping[str, Any]) -> None:
        if message["type"] == "http.response.start":
            sent.status = message["status"]
            sent.headers = {k.decode(): v.decode() for k, v in message.get("headers", [])}

    async def run() -> None:
        await asyncio.wait_for(app(scope, receive, send), timeout=60)

    asyncio.run(run())
    return sent


def test_a_chunked_upload_without_a_length_stops_at_the_cap(
    app: FastAPI, session: Session, people: People, initiative: Initiative
) -> None:
    path = f"/api/initiatives/{initiative.id}/items/{KEY}/evidence"
    sent = _upload(app, path, 10 * UPLOAD_MAX_BYTES, bearer(session, people.leader))
    assert sent.status == 413
    assert sent.pulled <= UPLOAD_MAX_BYTES + 2 * CHUNK, sent.pulled  # not the 10 × cap sent


@pytest.mark.parametrize("who", ["funder", "outsider", "absent"])
def test_an_upload_is_refused_before_a_byte_of_it_is_read(
    app: FastAPI, session: Session, people: People, initiative: Initiative, who: str
) -> None:
    user = people.funder if who == "funder" else people.outsider
    target = 999_999 if who == "absent" else initiative.id
    path = f"/api/initiatives/{target}/items/{KEY}/evidence"
    sent = _upload(app, path, 5 * UPLOAD_MAX_BYTES, bearer(session, user))
    # A funder sees the initiative but may not add to it; for the others it is not there.
    assert sent.status == (403 if who == "funder" else 404)
    assert sent.pulled == 0


def test_the_page_form_is_refused_before_its_upload_is_read(
    app: FastAPI, client: TestClient, people: People, initiative: Initiative
) -> None:
    csrf = login(client, people.funder)
    cookie = "; ".join(f"{k}={v}" for k, v in client.cookies.items())
    path = f"/initiatives/{initiative.id}/items/{KEY}/evidence"
    headers = {"Cookie": cookie, "X-CSRF-Token": csrf, "HX-Request": "true"}
    sent = _upload(app, path, 5 * UPLOAD_MAX_BYTES, headers)
    assert (sent.status, sent.pulled) == (403, 0)


def test_a_file_name_keeps_only_what_is_printable(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    # Raw, as an attacker sends it (a browser or httpx would percent-encode the name).
    name = "Styrgrupp\x07 beslut\u202e\x1b.pdf".encode()
    body = (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="'.encode()
        + name
        + b'"\r\nContent-Type: application/pdf\r\n\r\n'
        + PDF
        + f"\r\n--{BOUNDARY}--\r\n".encode()
    )
    response = client.post(
        f"/api/initiatives/{initiative.id}/items/{KEY}/evidence",
        content=body,
        headers={
            **bearer(session, people.leader),
            "content-type": f"multipart/form-data; boundary={BOUNDARY}",
        },
    )
    assert response.status_code == 201, response.text
    assert response.json()["file_name"] == "Styrgrupp beslut.pdf"


def test_a_name_stored_before_names_were_cleaned_still_downloads(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    added = client.post(
        f"/api/initiatives/{initiative.id}/items/{KEY}/evidence",
        files={"file": ("beslut.pdf", PDF, "application/pdf")},
        headers=bearer(session, people.leader),
    )
    row = session.get(Evidence, added.json()["id"])
    assert row is not None
    row.file_name = 'Beslut\r\nSet-Cookie: x=1; "å\\".pdf'
    session.commit()
    download = client.get(f"/evidence/{row.id}/download", headers=bearer(session, people.leader))
    assert download.status_code == 200 and download.content == PDF
    disposition = download.headers["content-disposition"]
    assert all(" " <= ch <= "~" for ch in disposition), disposition
    assert disposition.startswith('attachment; filename="Beslut')
    assert "filename*=UTF-8''BeslutSet-Cookie%3A%20x%3D1%3B%20%22%C3%A5%5C%22.pdf" in disposition
