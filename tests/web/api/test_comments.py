"""The comments API: statuses per role, and N concurrent edits of one version: one wins."""

from __future__ import annotations

import secrets
import threading
from collections import Counter

from fastapi.testclient import TestClient
from sqlalchemy import Engine, delete
from sqlalchemy.orm import Session

from app.access import services as access
from app.accounts import services as accounts
from app.config import Settings
from app.db import make_sessionmaker
from app.domain.permissions import Role
from app.initiatives import services as initiatives
from app.models.accounts import User
from app.models.initiatives import Initiative
from app.web.application import create_app
from tests.conftest import AUDIT_KEY, People, bearer, make_user

KEY = "starting_point.results.critical_mass"


def test_statuses_per_role(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    url = f"/api/initiatives/{initiative.id}/items/{KEY}/comments"
    made = client.post(url, json={"body": "Hej"}, headers=bearer(session, people.leader))
    assert made.status_code == 201 and made.json()["version"] == 1
    funder = bearer(session, people.funder)
    refused = client.post(url, json={"body": "Hej"}, headers=funder)
    assert refused.status_code == 403 and refused.json()["code"] == "may_not_comment"
    assert client.get(url, headers=funder).json()["items"][0]["body"] == "Hej"
    assert client.get(url, headers=bearer(session, people.outsider)).status_code == 404
    empty = client.post(url, json={"body": " "}, headers=bearer(session, people.support))
    assert empty.status_code == 422 and empty.json()["field"] == "body"
    unknown = client.post(
        f"/api/initiatives/{initiative.id}/items/no.such.item/comments",
        json={"body": "x"},
        headers=bearer(session, people.support),
    )
    assert unknown.status_code == 404 and unknown.json()["code"] == "unknown_item"
    edited = client.put(
        f"/api/comments/{made.json()['id']}",
        json={"body": "Hej igen", "version": 1},
        headers=bearer(session, people.leader),
    )
    assert edited.status_code == 200
    assert edited.json()["earlier_versions"][0]["body"] == "Hej"
    assert edited.json()["version"] == 2


def test_concurrent_edits_of_one_version_one_wins(
    committed_engine: Engine, committed_database_url: str
) -> None:
    sessions = make_sessionmaker(committed_engine, audit_key=AUDIT_KEY)
    tag = secrets.token_hex(4)
    with sessions() as session:
        support = make_user(session, f"support-{tag}@example.se", Role.SUPPORT)
        leader = make_user(session, f"leader-{tag}@example.se", Role.LEADERSHIP)
        initiative = initiatives.create_initiative(
            session, actor=support, name=f"C {tag}", region="R"
        )
        access.add_member(session, actor=support, initiative_id=initiative.id, email=leader.email)
        token = accounts.create_token(session, email=leader.email)
        initiative_id, user_ids = initiative.id, [support.id, leader.id]
    settings = Settings(
        audit_key=AUDIT_KEY,
        database_url=committed_database_url,
        secret_key="t",
        secure_cookies=False,
        session_max_age=60,
    )
    app = create_app(settings, sessions=sessions)
    headers = {"Authorization": f"Bearer {token}"}
    n = 12
    try:
        with TestClient(app) as client:
            made = client.post(
                f"/api/initiatives/{initiative_id}/items/{KEY}/comments",
                json={"body": "Start"},
                headers=headers,
            )
            comment_id = made.json()["id"]
            barrier = threading.Barrier(n)
            statuses: list[int] = []

            def edit(i: int) -> None:
                barrier.wait()
                response = client.put(
                    f"/api/comments/{comment_id}",
                    json={"body": f"Version {i}", "version": 1},
                    headers=headers,
                )
                statuses.append(response.status_code)

            threads = [threading.Thread(target=edit, args=(i,)) for i in range(n)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            assert Counter(statuses) == {200: 1, 409: n - 1}
            thread_json = client.get(
                f"/api/initiatives/{initiative_id}/items/{KEY}/comments", headers=headers
            ).json()
            assert len(thread_json["items"][0]["earlier_versions"]) == 1
    finally:
        with sessions() as session:
            session.execute(delete(Initiative).where(Initiative.id == initiative_id))
            session.execute(delete(User).where(User.id.in_(user_ids)))
            session.commit()
