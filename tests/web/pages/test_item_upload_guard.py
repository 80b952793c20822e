"""The item form's upload (issue 15, point 5): nothing of the body is read before the user
may change the item of an initiative that exists; then it is read as a stream and
refused at the cap, even when the request never said its length."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models.audit import AuditEntry
from app.models.evidence import Evidence
from app.models.initiatives import Initiative
from app.phases import Phase, get_model
from tests.conftest import UPLOAD_MAX_BYTES, People, login
from tests.domain.test_evidence_rules import PDF

KEY = get_model().required_items(Phase.STARTING_POINT)[0].key
BOUNDARY = "guard"
CHUNK = 256 * 1024
CHUNKS = 32  # 8 MiB: forty times the cap


class Body:
    """A chunked multipart body (no Content-Length) that counts what the server took."""

    def __init__(self) -> None:
        self.consumed = 0

    def __iter__(self) -> Iterator[bytes]:
        head = (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="status"\r\n\r\ndone\r\n'
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nfile\r\n'
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; '
            'filename="stor.pdf"\r\nContent-Type: application/pdf\r\n\r\n'
        ).encode()
        for chunk in (head + PDF, *(b"0" * CHUNK for _ in range(CHUNKS))):
            self.consumed += len(chunk)
            yield chunk
        tail = f"\r\n--{BOUNDARY}--\r\n".encode()
        self.consumed += len(tail)
        yield tail


def _post(client: TestClient, csrf: str, initiative_id: int | str, body: Body) -> int:
    response = client.post(
        f"/initiatives/{initiative_id}/items/{KEY}",
        content=iter(body),
        headers={
            "Content-Type": f"multipart/form-data; boundary={BOUNDARY}",
            "HX-Request": "true",
            "X-CSRF-Token": csrf,
        },
    )
    return response.status_code


def _written(session: Session) -> tuple[int, int]:
    pieces = session.scalar(select(func.count()).select_from(Evidence))
    entries = session.scalar(
        select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "item.update")
    )
    return pieces or 0, entries or 0


@pytest.mark.parametrize(
    ("who", "where", "status"),
    [
        ("funder", "it", 403),  # sees the initiative, may not change its items
        ("support", "it", 403),  # a support officer ticks Processtöd items only
        ("outsider", "it", 404),  # leadership of another initiative: not even seen
        ("leader", "nowhere", 404),  # no such initiative
    ],
)
def test_a_refused_upload_is_answered_before_a_byte_is_read(
    client: TestClient,
    session: Session,
    people: People,
    initiative: Initiative,
    who: str,
    where: str,
    status: int,
) -> None:
    csrf = login(client, getattr(people, who))
    body = Body()
    target = initiative.id if where == "it" else initiative.id + 1000
    assert _post(client, csrf, target, body) == status
    assert body.consumed == 0
    assert _written(session) == (0, 0)


def test_an_upload_to_an_id_that_is_no_number_is_refused_unread(
    client: TestClient, people: People, session: Session
) -> None:
    csrf = login(client, people.leader)
    body = Body()
    assert 400 <= _post(client, csrf, "ett", body) < 500
    assert body.consumed == 0
    assert _written(session) == (0, 0)


def test_an_upload_past_the_cap_without_a_length_is_refused(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    csrf = login(client, people.leader)
    body = Body()
    assert _post(client, csrf, initiative.id, body) == 413
    # The test client hands the app the whole body at its first read; a server streams it,
    # and read_form stops at the cap (tests/web/test_input.py shows it for the API).
    assert body.consumed > UPLOAD_MAX_BYTES
    assert _written(session) == (0, 0)


@pytest.mark.parametrize(
    ("who", "where", "status"),
    [("funder", "it", 403), ("support", "it", 403), ("outsider", "it", 404),
     ("leader", "nowhere", 404), ("leader", "it", 200)],
)  # fmt: skip
def test_an_urlencoded_form_is_checked_by_its_handler_as_strictly(
    client: TestClient,
    session: Session,
    people: People,
    initiative: Initiative,
    who: str,
    where: str,
    status: int,
) -> None:
    """The page's script posts a form without a document urlencoded; the guard reads that
    for every route (capped), and the handler checks it in its own worker thread: the
    same refusals as above, and nothing written."""
    csrf = login(client, getattr(people, who))
    target = initiative.id if where == "it" else initiative.id + 1000
    response = client.post(
        f"/initiatives/{target}/items/{KEY}",
        data={"status": "not_applicable", "justification": "Gäller inte oss."},
        headers={"HX-Request": "true", "X-CSRF-Token": csrf},
    )
    assert response.status_code == status
    assert _written(session) == (0, 1 if status == 200 else 0)
    written = _written(session)
    client.cookies.clear()
    signed_out = client.post(
        f"/initiatives/{target}/items/{KEY}", data={"status": "open"}, follow_redirects=False
    )
    assert signed_out.status_code in (303, 401, 403) and _written(session) == written
