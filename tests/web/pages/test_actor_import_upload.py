"""The actor register's CSV import reads its upload only once the user may import there,
and never far past its cap."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models.accounts import User
from app.models.actors import Actor
from app.models.initiatives import Initiative
from app.web.pages.actors import IMPORT_MAX_BYTES
from tests.conftest import People, login
from tests.evidence.test_evidence_uploads import CHUNK, _upload


def _signed_in(client: TestClient, user: User) -> dict[str, str]:
    csrf = login(client, user)
    cookie = "; ".join(f"{k}={v}" for k, v in client.cookies.items())
    return {"Cookie": cookie, "X-CSRF-Token": csrf}


@pytest.mark.parametrize("who", ["funder", "outsider"])
def test_an_import_is_refused_before_a_byte_of_it_is_read(
    app: FastAPI, client: TestClient, people: People, initiative: Initiative, who: str
) -> None:
    headers = _signed_in(client, people.funder if who == "funder" else people.outsider)
    sent = _upload(app, f"/initiatives/{initiative.id}/actors/import", 2 * CHUNK, headers)
    # A funder sees the initiative but may not edit its actors; an outsider does not see it.
    assert (sent.status, sent.pulled) == ((403 if who == "funder" else 404), 0)


def test_an_import_past_its_cap_stops_reading_and_says_so(
    app: FastAPI, client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    headers = _signed_in(client, people.leader)
    path = f"/initiatives/{initiative.id}/actors/import"
    sent = _upload(app, path, 10 * IMPORT_MAX_BYTES, headers)
    assert sent.status in (413, 422), sent.status
    assert sent.pulled <= IMPORT_MAX_BYTES + 2 * CHUNK, sent.pulled  # not the 10 × cap sent
    assert session.scalar(select(func.count()).select_from(Actor)) == 0
