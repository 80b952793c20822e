"""Comment threads over HTTP: HTMX swaps the thread, errors keep the draft, edits keep history."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.comments import Comment
from app.models.initiatives import Initiative
from tests.conftest import People, login

KEY = "starting_point.results.critical_mass"
HTMX = {"HX-Request": "true", "Accept-Language": "sv"}


def test_write_refuse_in_place_and_edit(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    csrf = login(client, people.leader)
    url = f"/initiatives/{initiative.id}/items/{KEY}/comments"
    empty = client.post(url, data={"csrf_token": csrf, "body": "   "}, headers=HTMX)
    assert empty.status_code == 422
    assert "<!doctype" not in empty.text.lower()  # the thread alone
    assert 'aria-invalid="true"' in empty.text

    made = client.post(url, data={"csrf_token": csrf, "body": "Vem tar protokollet?"}, headers=HTMX)
    assert made.status_code == 200 and "Vem tar protokollet?" in made.text
    comment = session.scalar(select(Comment))
    assert comment is not None and comment.author_id == people.leader.id

    edited = client.post(
        f"/comments/{comment.id}/edit",
        data={"csrf_token": csrf, "body": "Vem skriver protokollet?", "version": "1"},
        headers=HTMX,
    )
    assert edited.status_code == 200
    assert "Vem skriver protokollet?" in edited.text
    assert "1 tidigare version" in edited.text and "Vem tar protokollet?" in edited.text
    stale = client.post(
        f"/comments/{comment.id}/edit",
        data={"csrf_token": csrf, "body": "Gammal", "version": "1"},
        headers=HTMX,
    )
    assert stale.status_code == 409

    page = client.get(url)  # without HTMX: a page of its own
    assert page.status_code == 200 and "<!doctype" in page.text.lower()


def test_funders_read_but_do_not_write(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    csrf = login(client, people.funder)
    url = f"/initiatives/{initiative.id}/items/{KEY}/comments"
    thread = client.get(url, headers=HTMX)
    assert thread.status_code == 200 and 'class="comment-form"' not in thread.text
    assert (
        client.post(url, data={"csrf_token": csrf, "body": "Hej"}, headers=HTMX).status_code == 403
    )
