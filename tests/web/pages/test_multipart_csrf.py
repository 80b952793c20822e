"""A plain (non-JavaScript) multipart form carries its CSRF token in the body (issue 15:
"check permission before reading the body"). The route's permission check comes first,
without reading a byte; then the form's reader checks the token; and a route whose
reader does not check one refuses such a post unread."""

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
from tests.conftest import People, login
from tests.domain.test_evidence_rules import PDF

KEY = get_model().required_items(Phase.STARTING_POINT)[0].key
BOUNDARY = "plainform"
CHUNK = 256 * 1024
CHUNKS = 32  # 8 MiB


class Body:
    """A chunked multipart body (no Content-Length) with a document and, when given, the
    CSRF token as a field; it counts what the server took of it."""

    def __init__(self, token: str | None, *, padding: int = 0) -> None:
        self.token = token
        self.padding = padding
        self.consumed = 0

    def _field(self, name: str, value: str) -> bytes:
        return (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        ).encode()

    def __iter__(self) -> Iterator[bytes]:
        token = self._field("csrf_token", self.token) if self.token is not None else b""
        head = (
            token
            + self._field("kind", "file")
            + self._field("add", "1")
            + (
                f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; '
                'filename="plan.pdf"\r\nContent-Type: application/pdf\r\n\r\n'
            ).encode()
        )
        for chunk in (head + PDF, *(b"0" * CHUNK for _ in range(self.padding))):
            self.consumed += len(chunk)
            yield chunk
        tail = f"\r\n--{BOUNDARY}--\r\n".encode()
        self.consumed += len(tail)
        yield tail


ROUTES = {
    "item form": "/initiatives/{id}/items/{key}",
    "evidence page": "/initiatives/{id}/items/{key}/evidence",
    "evidence api": "/api/initiatives/{id}/items/{key}/evidence",
}


def _post(client: TestClient, url: str, body: Body, **headers: str) -> tuple[int, str]:
    """The status and the refusal's code (the API's `code`; a page's by its message)."""
    response = client.post(
        url,
        content=iter(body),
        headers={"Content-Type": f"multipart/form-data; boundary={BOUNDARY}", **headers},
        follow_redirects=False,
    )
    if url.startswith("/api/"):
        return response.status_code, response.json().get("code", "") if response.content else ""
    expired = "Formuläret har gått ut eller kom inte från den här webbplatsen"
    return response.status_code, "csrf_failed" if expired in response.text else ""


def _stored(session: Session) -> tuple[int, int]:
    pieces = session.scalar(select(func.count()).select_from(Evidence))
    entries = session.scalar(
        select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "evidence.add")
    )
    return pieces or 0, entries or 0


@pytest.mark.parametrize("route", ROUTES)
def test_a_funders_plain_upload_is_refused_before_a_byte_is_read(
    client: TestClient, session: Session, people: People, initiative: Initiative, route: str
) -> None:
    token = login(client, people.funder)
    body = Body(token, padding=CHUNKS)
    url = ROUTES[route].format(id=initiative.id, key=KEY)
    status, _ = _post(client, url, body)
    assert status == 403
    assert body.consumed == 0
    assert _stored(session) == (0, 0)


@pytest.mark.parametrize("route", ROUTES)
def test_a_members_plain_upload_with_the_token_in_the_body_is_stored(
    client: TestClient, session: Session, people: People, initiative: Initiative, route: str
) -> None:
    token = login(client, people.leader)
    status, _ = _post(client, ROUTES[route].format(id=initiative.id, key=KEY), Body(token))
    assert status in {200, 201, 303}
    assert _stored(session) == (1, 1)


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("token", ["wrong", None])
def test_a_plain_upload_with_a_wrong_or_no_token_stores_nothing(
    client: TestClient,
    session: Session,
    people: People,
    initiative: Initiative,
    route: str,
    token: str | None,
) -> None:
    login(client, people.leader)
    url = ROUTES[route].format(id=initiative.id, key=KEY)
    assert _post(client, url, Body(token)) == (403, "csrf_failed")
    assert _stored(session) == (0, 0)


def test_the_header_still_serves_and_a_wrong_one_is_refused_unread(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    token = login(client, people.leader)
    url = ROUTES["item form"].format(id=initiative.id, key=KEY)
    refused = Body(None, padding=CHUNKS)
    assert _post(client, url, refused, **{"X-CSRF-Token": "wrong"}) == (403, "csrf_failed")
    assert refused.consumed == 0
    assert _post(client, url, Body(None), **{"X-CSRF-Token": token})[0] == 303
    assert _stored(session) == (1, 1)


def test_a_route_whose_reader_checks_no_token_refuses_a_plain_multipart_post_unread(
    client: TestClient, people: People, initiative: Initiative
) -> None:
    token = login(client, people.leader)
    body = Body(token, padding=CHUNKS)
    url = f"/initiatives/{initiative.id}/items/{KEY}/evidence/1/detach"
    assert _post(client, url, body) == (403, "csrf_failed")
    assert body.consumed == 0


def test_a_cross_site_plain_upload_is_refused_unread(
    client: TestClient, people: People, initiative: Initiative
) -> None:
    token = login(client, people.leader)
    body = Body(token, padding=CHUNKS)
    url = ROUTES["item form"].format(id=initiative.id, key=KEY)
    assert _post(client, url, body, **{"Sec-Fetch-Site": "cross-site"})[0] == 403
    assert body.consumed == 0
