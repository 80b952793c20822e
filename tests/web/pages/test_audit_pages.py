"""Audit trail, access management and auditor links through HTTP, role by role."""

from __future__ import annotations

import io
import secrets
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, delete
from sqlalchemy.orm import Session

from app import errors
from app.access import services as access
from app.audit import log as audit_log
from app.audit import queries as audit_queries
from app.audit.pack import public_key_hex, verify_pack
from app.db import make_sessionmaker
from app.domain.permissions import Role
from app.evidence import services as evidence_services
from app.evidence.services import NewEvidence
from app.evidence.storage import BlobStore
from app.initiatives import services as initiatives
from app.models.access import AuditorLink, Funding
from app.models.accounts import User
from app.models.initiatives import Initiative
from app.phases import Evidence as EvidenceKind
from app.phases import Phase, get_model
from tests.conftest import AUDIT_KEY, People, bearer, login, make_user, reads, recorded_statements

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
KEY = next(
    i.key
    for i in get_model().required_items(Phase.STARTING_POINT)
    if i.evidence is not EvidenceKind.NONE
)


@pytest.fixture
def store(app: FastAPI, tmp_path: Path) -> BlobStore:
    store = BlobStore(tmp_path)
    app.state.blob_store = store
    return store


@pytest.fixture
def stranger(session: Session) -> User:
    """A funder who does not finance `initiative`."""
    return make_user(session, "stranger@example.se", Role.FUNDER, "Sten Främling")


@pytest.fixture
def anonymous(app: FastAPI) -> TestClient:
    return TestClient(app, base_url="http://testserver")


def _link(session: Session, people: People, initiative: Initiative, days: int = 7) -> str:
    _row, token = access.create_auditor_link(
        session, actor=people.support, initiative_id=initiative.id, label="Revisor", days=days
    )
    return token


def _document(session: Session, people: People, initiative: Initiative, store: BlobStore) -> int:
    row = evidence_services.add_evidence(
        session,
        actor=people.leader,
        initiative_id=initiative.id,
        key=KEY,
        new=NewEvidence("file", file_name="protokoll.pdf", data=PDF),
        store=store,
        max_bytes=1_000_000,
    )
    return row.id


# --- chain verification ------------------------------------------------------


def test_verify_api_shape_and_roles(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    assert client.get("/api/audit/verify").status_code == 401
    entries = audit_log.verify(session).entries
    assert entries >= 1
    for user in (people.admin, people.support, people.funder):
        response = client.get("/api/audit/verify", headers=bearer(session, user))
        assert response.status_code == 200, user.role
        assert response.json() == {"ok": True, "entries": entries, "first_broken": None}
    response = client.get("/api/audit/verify", headers=bearer(session, people.leader))
    assert response.status_code == 403


def test_verify_api_names_a_broken_entry(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    seqs = [
        audit_log.record(session, actor=people.admin, action="t", target_type="t", target_id=n).seq
        for n in range(2)
    ]
    session.commit()
    if session.get_bind().dialect.name == "postgresql":
        session.connection().exec_driver_sql("ALTER TABLE audit_entries DISABLE TRIGGER USER")
    else:
        session.connection().exec_driver_sql("DROP TRIGGER audit_entries_no_update")
    session.connection().exec_driver_sql(
        f"UPDATE audit_entries SET actor = 'x' WHERE seq = {seqs[0]}"
    )
    response = client.get("/api/audit/verify", headers=bearer(session, people.admin))
    assert response.json() == {"ok": False, "entries": seqs[0], "first_broken": seqs[0]}


def test_public_key_api(client: TestClient) -> None:
    response = client.get("/api/audit/public-key")
    assert response.json() == {
        "algorithm": "Ed25519",
        "public_key": public_key_hex(AUDIT_KEY.encode()),
    }


# --- the timeline --------------------------------------------------------------


def _timeline_entries(
    session: Session, people: People, initiative: Initiative, stranger: User
) -> int:
    """Three entries after the initiative's creation; returns the creation's seq."""
    newest_first = audit_queries.audit_entries(session, initiative.id, action="initiative.create")
    created = newest_first[0].seq
    access.add_funder(
        session, actor=people.support, initiative_id=initiative.id, email=stranger.email
    )
    access.remove_funder(
        session, actor=people.admin, initiative_id=initiative.id, user_id=stranger.id
    )
    audit_log.record(
        session,
        actor=people.leader,
        action="item.update",
        target_type="item",
        target_id="pilot.x",
        initiative_id=initiative.id,
        phase="pilot",
        before={"status": "open"},
        after={"status": "done"},
    )
    session.commit()
    return created


def test_timeline_api_filters_by_phase_actor_and_action(
    client: TestClient, session: Session, people: People, initiative: Initiative, stranger: User
) -> None:
    first = _timeline_entries(session, people, initiative, stranger)
    headers = bearer(session, people.leader)
    url = f"/api/initiatives/{initiative.id}/audit"

    def since(answer: dict[str, Any]) -> list[dict[str, Any]]:
        # Only this test's entries: other tests may have left some under a reused id.
        return [e for e in answer["entries"] if e["seq"] >= first]

    everything = client.get(url, headers=headers).json()
    assert [e["action"] for e in since(everything)] == [
        "item.update",
        "funder.remove",
        "funder.add",
        "initiative.create",
    ]
    assert everything["total"] == len(everything["entries"]) >= 4
    assert everything["filters"] == {}
    assert {"seq", "at", "actor", "action", "target_type", "target_id", "phase", "before",
            "after", "mac"} <= set(everything["entries"][0])  # fmt: skip
    by_phase = client.get(url, params={"phase": "pilot"}, headers=headers).json()
    assert [e["action"] for e in since(by_phase)] == ["item.update"]
    assert by_phase["filters"] == {"phase": "pilot"}
    by_actor = client.get(url, params={"actor": people.admin.email}, headers=headers).json()
    assert [e["action"] for e in since(by_actor)] == ["funder.remove"]
    by_action = client.get(url, params={"action": "funder.add"}, headers=headers).json()
    assert [e["actor"] for e in since(by_action)] == [people.support.email]
    both = client.get(
        url, params={"phase": "starting_point", "action": "item.update"}, headers=headers
    )
    assert since(both.json()) == []


def test_timeline_is_only_for_who_may_see_the_initiative(
    client: TestClient, session: Session, people: People, initiative: Initiative, stranger: User
) -> None:
    url = f"/api/initiatives/{initiative.id}/audit"
    for user in (people.outsider, stranger):
        assert client.get(url, headers=bearer(session, user)).status_code == 404
    for user in (people.admin, people.support, people.leader, people.funder):
        assert client.get(url, headers=bearer(session, user)).status_code == 200


def test_timeline_page_with_filters_and_htmx_partial(
    client: TestClient, session: Session, people: People, initiative: Initiative, stranger: User
) -> None:
    _timeline_entries(session, people, initiative, stranger)
    login(client, people.support)
    page = client.get(f"/initiatives/{initiative.id}/audit", params={"action": "funder.add"})
    assert page.status_code == 200
    assert f'hx-get="/initiatives/{initiative.id}/audit/verify"' in page.text
    assert 'id="audit-timeline"' in page.text
    assert '<code class="audit-action">funder.add</code>' in page.text
    assert '<code class="audit-action">item.update</code>' not in page.text
    assert '<input type="hidden" name="action" value="funder.add">' in page.text
    partial = client.get(
        f"/initiatives/{initiative.id}/audit",
        params={"phase": "pilot"},
        headers={"HX-Request": "true"},
    )
    assert partial.text.lstrip().startswith('<div id="audit-timeline">')
    assert "<html" not in partial.text
    assert "item.update" in partial.text and "funder.add" not in partial.text
    assert partial.headers["HX-Push-Url"] == f"/initiatives/{initiative.id}/audit?phase=pilot"


def test_leadership_sees_its_timeline_but_not_the_chain_or_the_pack(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    login(client, people.leader)
    page = client.get(f"/initiatives/{initiative.id}/audit")
    assert page.status_code == 200
    assert "initiative.create" in page.text
    assert 'id="chain-status"' not in page.text
    assert "audit-pack.zip" not in page.text
    assert client.get(f"/initiatives/{initiative.id}/audit-pack.zip").status_code == 403


# --- access: funders and auditor links --------------------------------------


def test_access_page_for_each_role(
    client: TestClient, session: Session, people: People, initiative: Initiative, stranger: User
) -> None:
    url = f"/initiatives/{initiative.id}/access"
    expected = {people.admin: 200, people.support: 200, people.leader: 403, people.funder: 403}
    expected |= {people.outsider: 404, stranger: 404}
    for user, status in expected.items():
        client.cookies.clear()
        login(client, user)
        assert client.get(url).status_code == status, user.email


def test_support_adds_and_removes_a_funder_in_the_page(
    client: TestClient, session: Session, people: People, initiative: Initiative, stranger: User
) -> None:
    csrf = login(client, people.support)
    base = f"/initiatives/{initiative.id}/access"
    bad = client.post(f"{base}/funders", data={"email": "nobody@example.se", "csrf_token": csrf})
    assert bad.status_code == 422
    assert 'aria-invalid="true"' in bad.text and "nobody@example.se" in bad.text
    added = client.post(
        f"{base}/funders",
        data={"email": stranger.email, "csrf_token": csrf},
        follow_redirects=False,
    )
    assert added.status_code == 303
    assert session.get(Funding, (initiative.id, stranger.id)) is not None
    page = client.get(added.headers["location"])
    assert stranger.email in page.text
    removed = client.post(
        f"{base}/funders/{stranger.id}/remove", data={"csrf_token": csrf}, follow_redirects=False
    )
    assert removed.status_code == 303
    session.expire_all()
    assert session.get(Funding, (initiative.id, stranger.id)) is None
    refused = client.post(f"{base}/funders", data={"email": stranger.email})
    assert refused.status_code == 403  # no CSRF token


def test_an_auditor_link_is_shown_once_in_the_page(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    csrf = login(client, people.support)
    base = f"/initiatives/{initiative.id}/access"
    bad = client.post(f"{base}/links", data={"label": "Revisor", "days": "91", "csrf_token": csrf})
    assert bad.status_code == 422 and 'aria-invalid="true"' in bad.text
    created = client.post(
        f"{base}/links", data={"label": "Revisor KPMG", "days": "14", "csrf_token": csrf}
    )
    assert created.status_code == 200
    assert created.headers["cache-control"] == "no-store"
    start = created.text.index("http://testserver/audit/")
    url = created.text[start : created.text.index('"', start)]
    token = url.rsplit("/", 1)[1]
    assert len(token) > 20
    again = client.get(base)
    assert "Revisor KPMG" in again.text and token not in again.text
    assert TestClient(client.app).get(url).status_code == 200
    link = session.query(AuditorLink).filter_by(label="Revisor KPMG").one()
    revoked = client.post(
        f"{base}/links/{link.id}/revoke", data={"csrf_token": csrf}, follow_redirects=False
    )
    assert revoked.status_code == 303
    assert TestClient(client.app).get(url).status_code == 404


def test_access_api_for_each_role(
    client: TestClient, session: Session, people: People, initiative: Initiative, stranger: User
) -> None:
    funders = f"/api/initiatives/{initiative.id}/funders"
    links = f"/api/initiatives/{initiative.id}/auditor-links"
    body = {"label": "Revisor", "days": 30}
    for user, status in (
        (people.leader, 403),
        (people.funder, 403),
        (people.outsider, 404),
        (stranger, 404),
    ):
        headers = bearer(session, user)
        assert (
            client.post(funders, json={"email": stranger.email}, headers=headers).status_code
            == status
        )
        assert client.post(links, json=body, headers=headers).status_code == status
        assert client.get(links, headers=headers).status_code == status
        assert client.delete(f"{funders}/{people.funder.id}", headers=headers).status_code == status
    assert session.get(Funding, (initiative.id, stranger.id)) is None
    assert session.get(Funding, (initiative.id, people.funder.id)) is not None

    headers = bearer(session, people.support)
    added = client.post(funders, json={"email": stranger.email}, headers=headers)
    assert added.status_code == 201
    assert added.json() == {"id": stranger.id, "email": stranger.email, "name": stranger.name}
    wrong = client.post(funders, json={"email": people.leader.email}, headers=headers)
    assert wrong.status_code == 422 and wrong.json()["field"] == "email"
    listed = client.get(funders, headers=headers).json()
    assert {f["email"] for f in listed["items"]} == {people.funder.email, stranger.email}
    assert client.delete(f"{funders}/{stranger.id}", headers=headers).status_code == 204
    assert client.delete(f"{funders}/{stranger.id}", headers=headers).status_code == 404

    created = client.post(links, json=body, headers=headers)
    assert created.status_code == 201
    link = created.json()
    assert set(link) == {"id", "url", "token", "expires_at"}
    assert link["url"] == f"http://testserver/audit/{link['token']}"
    expires = datetime.fromisoformat(link["expires_at"])
    assert timedelta(days=29) < expires - datetime.now(UTC) <= timedelta(days=30)
    for days in (0, 91):
        invalid = client.post(links, json={"label": "x", "days": days}, headers=headers)
        assert invalid.status_code == 422
    assert client.post(links, json={"label": "", "days": 3}, headers=headers).status_code == 422
    listed = client.get(links, headers=headers).json()["items"]
    assert [(x["id"], x["status"]) for x in listed] == [(link["id"], "active")]
    assert "token" not in listed[0]

    leader_revoke = client.post(
        f"/api/auditor-links/{link['id']}/revoke", headers=bearer(session, people.leader)
    )
    assert leader_revoke.status_code == 403
    revoked = client.post(f"/api/auditor-links/{link['id']}/revoke", headers=headers)
    assert revoked.status_code == 200 and revoked.json()["status"] == "revoked"
    again = client.post(f"/api/auditor-links/{link['id']}/revoke", headers=headers)
    assert again.status_code == 409


def test_funders_see_only_what_they_finance(
    client: TestClient, session: Session, people: People, initiative: Initiative, stranger: User
) -> None:
    headers = bearer(session, stranger)
    assert client.get(f"/api/initiatives/{initiative.id}", headers=headers).status_code == 404
    assert client.get("/api/initiatives", headers=headers).json()["total"] == 0
    access.add_funder(
        session, actor=people.admin, initiative_id=initiative.id, email=stranger.email
    )
    assert client.get(f"/api/initiatives/{initiative.id}", headers=headers).status_code == 200
    listed = client.get("/api/initiatives", headers=headers).json()["items"]
    assert [i["id"] for i in listed] == [initiative.id]


# --- auditor links ------------------------------------------------------------


def test_an_auditor_link_opens_a_read_only_view_without_an_account(
    anonymous: TestClient,
    session: Session,
    people: People,
    initiative: Initiative,
    store: BlobStore,
) -> None:
    document = _document(session, people, initiative, store)
    token = _link(session, people, initiative)
    page = anonymous.get(f"/audit/{token}")
    assert page.status_code == 200
    assert initiative.name in page.text
    assert page.headers["cache-control"] == "no-store"
    assert page.headers.get_list("referrer-policy") == ["no-referrer"]
    assert 'method="post"' not in page.text.lower()
    assert "csrf" not in page.text
    assert "protokoll.pdf" in page.text and f'hx-get="/audit/{token}/verify"' in page.text
    assert "evidence.add" in page.text and "auditor_link.create" in page.text
    filtered = anonymous.get(f"/audit/{token}", params={"action": "evidence.add"})
    assert "auditor_link.create" not in filtered.text.split('id="audit-timeline"')[1]
    partial = anonymous.get(
        f"/audit/{token}",
        params={"action": "evidence.add", "actor": "", "lang": "en"},
        headers={"HX-Request": "true"},
    )
    assert partial.text.lstrip().startswith('<div id="audit-timeline">')
    assert partial.headers["HX-Push-Url"] == f"/audit/{token}?action=evidence.add&lang=en"
    download = anonymous.get(f"/audit/{token}/evidence/{document}")
    assert download.status_code == 200 and download.content == PDF
    assert download.headers.get_list("referrer-policy") == ["no-referrer"]
    assert "attachment" in download.headers["content-disposition"]
    english = anonymous.get(f"/audit/{token}", params={"lang": "en"})
    assert "Read-only auditor view" in english.text


def test_an_auditor_link_sees_nothing_of_other_initiatives(
    anonymous: TestClient,
    session: Session,
    people: People,
    initiative: Initiative,
    store: BlobStore,
) -> None:

    other = initiatives.create_initiative(
        session, actor=people.support, name="Annan nod", region="Skåne"
    )
    session.add(Funding(initiative_id=other.id, user_id=people.funder.id))
    session.commit()
    foreign = evidence_services.add_evidence(
        session,
        actor=people.admin,
        initiative_id=other.id,
        key=KEY,
        new=NewEvidence("file", file_name="annan.pdf", data=PDF + b"% other\n"),
        store=store,
        max_bytes=1_000_000,
    )
    token = _link(session, people, initiative)
    assert anonymous.get(f"/audit/{token}/evidence/{foreign.id}").status_code == 404
    assert "Annan nod" not in anonymous.get(f"/audit/{token}").text


@pytest.mark.parametrize("how", ["expired", "revoked", "unknown"])
def test_an_expired_revoked_or_unknown_link_is_a_plain_404(
    anonymous: TestClient, session: Session, people: People, initiative: Initiative, how: str
) -> None:
    token = _link(session, people, initiative, days=1)
    assert anonymous.get(f"/audit/{token}").status_code == 200
    link = session.query(AuditorLink).one()
    if how == "expired":
        link.expires_at = datetime.now(UTC) - timedelta(seconds=1)
        session.commit()
    elif how == "revoked":
        access.revoke_auditor_link(session, actor=people.support, link_id=link.id)
    else:
        token = "kf_" + "x" * 40
    for path in ("", "/audit-pack.zip", "/evidence/1"):
        response = anonymous.get(f"/audit/{token}{path}")
        assert response.status_code == 404
        assert "Granskningslänken är inte giltig" in response.text  # Swedish by default
        assert initiative.name not in response.text
        assert response.headers.get_list("referrer-policy") == ["no-referrer"]


# --- the pack over HTTP --------------------------------------------------------


def test_pack_download_by_role(
    client: TestClient,
    session: Session,
    people: People,
    initiative: Initiative,
    stranger: User,
    store: BlobStore,
) -> None:
    _document(session, people, initiative, store)
    url = f"/initiatives/{initiative.id}/audit-pack.zip"
    expected = {people.admin: 200, people.support: 200, people.funder: 200}
    expected |= {people.leader: 403, people.outsider: 404, stranger: 404}
    for user, status in expected.items():
        response = client.get(url, params={"lang": "en"}, headers=bearer(session, user))
        assert response.status_code == status, user.email
        if status == 200:
            assert response.headers["content-type"] == "application/zip"
            check = verify_pack(response.content, public_key_hex=public_key_hex(AUDIT_KEY.encode()))
            assert check.ok, check.problems
            with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
                assert "Readiness report" in archive.read("report.html").decode()
    swedish = client.get(url, params={"lang": "sv"}, headers=bearer(session, people.admin))
    with zipfile.ZipFile(io.BytesIO(swedish.content)) as archive:
        assert 'lang="sv"' in archive.read("report.html").decode()


def test_pack_through_an_auditor_link(
    anonymous: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    token = _link(session, people, initiative)
    response = anonymous.get(f"/audit/{token}/audit-pack.zip")
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    assert verify_pack(response.content, public_key_hex=public_key_hex(AUDIT_KEY.encode())).ok


def test_the_audit_links_include_shows_each_role_its_links(people: People) -> None:
    from types import SimpleNamespace

    from app.rendering import environment

    template = environment("en").get_template("initiatives/_audit_links.html")
    shown = SimpleNamespace(id=7)
    for user, links in (
        (people.support, ["/audit", "/access", "/audit-pack.zip"]),
        (people.admin, ["/audit", "/access", "/audit-pack.zip"]),
        (people.funder, ["/audit", "/audit-pack.zip"]),
        (people.leader, ["/audit"]),
    ):
        html = template.render(initiative=shown, current_user=user)
        found = [href.split("/initiatives/7", 1)[1] for href in html.split('href="')[1:]]
        assert [f.split('"', 1)[0] for f in found] == links, user.email


def test_audit_pages_use_a_constant_number_of_queries(
    client: TestClient,
    anonymous: TestClient,
    session: Session,
    people: People,
    initiative: Initiative,
    stranger: User,
    store: BlobStore,
) -> None:
    login(client, people.support)
    token = _link(session, people, initiative)
    engine = session.get_bind()

    def selects(who: TestClient, path: str) -> int:
        with recorded_statements(engine) as statements:
            assert who.get(path).status_code == 200
        return reads(statements)

    paths = [
        (client, f"/initiatives/{initiative.id}/audit"),
        (client, f"/initiatives/{initiative.id}/access"),
        (anonymous, f"/audit/{token}"),
    ]
    before = [selects(who, path) for who, path in paths]
    _timeline_entries(session, people, initiative, stranger)
    for actor in (people.leader, people.admin):
        for number in range(3):
            evidence_services.add_evidence(
                session,
                actor=actor,
                initiative_id=initiative.id,
                key=KEY,
                new=NewEvidence("note", note=f"Protokoll {number}"),
                store=store,
                max_bytes=1_000_000,
            )
        _link(session, people, initiative)
    _document(session, people, initiative, store)
    assert [selects(who, path) for who, path in paths] == before


def test_an_auditor_page_carries_only_a_known_language_into_its_links(
    anonymous: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    # The links are built from ?lang=; anything but a known locale must not ride along
    # (here it would add a filter to every link the auditor follows).
    token = _link(session, people, initiative)
    page = anonymous.get(f"/audit/{token}", params={"lang": "en&action=x"})
    assert page.status_code == 200
    assert "action=x" not in page.text
    partial = anonymous.get(
        f"/audit/{token}", params={"lang": "en&action=x"}, headers={"HX-Request": "true"}
    )
    assert partial.headers["HX-Push-Url"] == f"/audit/{token}"


def test_the_page_revokes_only_a_link_of_its_own_initiative(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:

    other = initiatives.create_initiative(
        session, actor=people.support, name="Annan nod", region="Skåne"
    )
    token = _link(session, people, initiative)
    link = session.query(AuditorLink).filter_by(initiative_id=initiative.id).one()
    csrf = login(client, people.support)
    wrong = client.post(
        f"/initiatives/{other.id}/access/links/{link.id}/revoke", data={"csrf_token": csrf}
    )
    assert wrong.status_code == 404
    assert TestClient(client.app).get(f"/audit/{token}").status_code == 200


def test_access_use_cases_leave_no_write_lock_behind(committed_engine: Engine) -> None:
    # An auditor link's first read, another writer's commit, then its last_used_at: on
    # SQLite that write must not fail on a stale snapshot. And adding a funder twice
    # writes nothing the second time, but must still end the write transaction it began.
    sessions = make_sessionmaker(committed_engine, audit_key=AUDIT_KEY)
    tag = secrets.token_hex(4)
    with sessions() as setup:
        officer = make_user(setup, f"support-{tag}@example.se", Role.SUPPORT)
        funder = make_user(setup, f"funder-{tag}@example.se", Role.FUNDER)
        made = initiatives.create_initiative(setup, actor=officer, name=f"Race {tag}", region="R")
        _row, token = access.create_auditor_link(
            setup, actor=officer, initiative_id=made.id, label="Revisor", days=7
        )
        ids = (made.id, officer.id, funder.id)
    try:
        with sessions() as first, sessions() as second:
            assert first.get(User, ids[1]) is not None  # the stale read
            other = second.get(User, ids[1])
            assert other is not None
            access.add_funder(second, actor=other, initiative_id=ids[0], email=funder.email)
            with pytest.raises(errors.Conflict):  # already a funder: refused, nothing written
                access.add_funder(second, actor=other, initiative_id=ids[0], email=funder.email)
            assert not second.in_transaction()
            assert access.initiative_for_link(first, token).id == ids[0]
    finally:
        with sessions() as cleanup:
            cleanup.execute(delete(Initiative).where(Initiative.id == ids[0]))
            cleanup.execute(delete(User).where(User.id.in_(ids[1:])))
            cleanup.commit()


def test_a_filter_swap_does_not_walk_the_whole_chain(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    login(client, people.support)
    url = f"/initiatives/{initiative.id}/audit?action=initiative.create"

    def chain_walks(headers: dict[str, str]) -> int:
        with recorded_statements(session.get_bind()) as statements:
            assert client.get(url, headers=headers).status_code == 200
        # The walk reads every entry in order; the timeline reads one initiative's.
        return sum(1 for s in statements if "audit_entries" in s and "WHERE" not in s.upper())

    assert chain_walks({}) == 0  # the chain is checked when asked (tests/web/pages/test_audit.py)
    assert chain_walks({"HX-Request": "true"}) == 0
