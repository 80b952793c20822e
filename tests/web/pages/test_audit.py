"""The audit trail as a reader sees it: sentences in the page's language, people by name,
filters in words, the chain checked on request, and the record's codes and hashes only
behind "technical details"."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from app.access import services as access
from app.audit import log as audit_log
from app.domain.items import ItemStatus, ItemUpdate
from app.evidence import services as evidence_services
from app.evidence.services import NewEvidence
from app.evidence.storage import BlobStore
from app.initiatives import items as initiative_items
from app.models.initiatives import Initiative
from app.phases import Phase, get_model
from app.rendering import environment
from app.web.pages.audit_views import chain_check
from tests.conftest import People, login, recorded_statements

ITEM = get_model().required_items(Phase.STARTING_POINT)[0]
TECHNICAL = re.compile(r'<details class="technical">.*?</details>', re.S)
# What an action code or a SHA-256/MAC looks like.
CODE = re.compile(r"\b(item\.update|initiative\.create|funder\.add|evidence\.add)\b")
HASH = re.compile(r"\b[0-9a-f]{64}\b")


def outside_details(html: str) -> str:
    """The page without its technical details (and without its hidden inputs)."""
    return re.sub(r'<input type="hidden"[^>]*>', "", TECHNICAL.sub("", html))


@pytest.fixture
def store(app: FastAPI, tmp_path: Path) -> BlobStore:
    store = BlobStore(tmp_path)
    app.state.blob_store = store
    return store


def _history(session: Session, people: People, initiative: Initiative, store: BlobStore) -> None:
    evidence_services.add_evidence(
        session,
        actor=people.leader,
        initiative_id=initiative.id,
        key=ITEM.key,
        new=NewEvidence("note", note="Protokoll från styrgruppen"),
        store=store,
        max_bytes=1_000_000,
    )
    initiative_items.update_item(
        session,
        actor=people.leader,
        initiative_id=initiative.id,
        key=ITEM.key,
        update=ItemUpdate(ItemStatus.DONE, note="Se protokollet"),
    )
    session.commit()


def _tamper(session: Session, seq: int) -> None:
    """Change an entry the way someone with database access would."""
    if session.get_bind().dialect.name == "postgresql":
        session.connection().exec_driver_sql("ALTER TABLE audit_entries DISABLE TRIGGER USER")
    else:
        session.connection().exec_driver_sql("DROP TRIGGER audit_entries_no_update")
    session.connection().exec_driver_sql(
        f"UPDATE audit_entries SET actor = 'someone else' WHERE seq = {seq}"
    )


def test_the_timeline_reads_as_sentences_in_swedish(
    client: TestClient, session: Session, people: People, initiative: Initiative, store: BlobStore
) -> None:
    _history(session, people, initiative, store)
    login(client, people.funder)
    page = client.get(f"/initiatives/{initiative.id}/audit")
    assert page.status_code == 200
    shown = outside_details(page.text)
    assert f"Lars Ledare markerade <em>{ITEM.text.sv}</em> som klar" in shown
    assert f"Lars Ledare lade till ett skriftligt underlag för <em>{ITEM.text.sv}</em>" in shown
    assert "Sara Stöd skapade initiativet Textilnoden" in shown
    # Before → after, by label, in Swedish.
    assert '<dt>Status</dt>\n        <dd><span class="audit-before">Öppen</span>' in shown
    assert "Klar" in shown and "Se protokollet" in shown
    # No codes, field names, e-mail addresses or hashes outside the technical details...
    assert not CODE.search(shown) and "needs_confirmation" not in shown
    assert people.leader.email not in shown and not HASH.search(shown)
    # ... where the raw entry and its seal are, with å, ä and ö as they are.
    details = "".join(TECHNICAL.findall(page.text))
    assert '<code class="audit-action">item.update</code>' in details
    assert HASH.search(details) and "styrgruppen" in details and "\\u00" not in details
    # The filters offer people by name and kinds of event in words.
    assert f'<option value="{people.leader.id}">Lars Ledare</option>' in page.text
    assert '<option value="items">Checklistepunkter</option>' in page.text
    assert '<option value="evidence">Underlag</option>' in page.text


def test_the_timeline_reads_in_english_for_an_english_reader(
    client: TestClient, session: Session, people: People, initiative: Initiative, store: BlobStore
) -> None:
    _history(session, people, initiative, store)
    csrf = login(client, people.support)
    client.post("/language", data={"lang": "en", "next": "/initiatives", "csrf_token": csrf})
    page = client.get(f"/initiatives/{initiative.id}/audit")
    shown = outside_details(page.text)
    assert f"Lars Ledare marked <em>{ITEM.text.en}</em> as done" in shown
    assert "Sara Stöd created the initiative Textilnoden" in shown
    assert "Verify the chain" in shown and "Technical details" in page.text
    assert "markerade" not in shown


def test_filters_by_person_kind_and_dates_swap_only_the_list(
    client: TestClient, session: Session, people: People, initiative: Initiative, store: BlobStore
) -> None:
    _history(session, people, initiative, store)
    login(client, people.support)
    url = f"/initiatives/{initiative.id}/audit"
    partial = client.get(
        url,
        params={"person": str(people.leader.id), "kind": "items"},
        headers={"HX-Request": "true"},
    )
    assert partial.text.lstrip().startswith('<div id="audit-timeline">')
    assert "<html" not in partial.text
    assert partial.text.count('class="timeline-entry"') == 1
    assert "markerade" in partial.text and "skapade initiativet" not in partial.text
    assert partial.headers["HX-Push-Url"] == f"{url}?person={people.leader.id}&kind=items"
    by_support = client.get(url, params={"person": str(people.support.id)})
    assert by_support.text.count('class="timeline-entry"') == 1
    assert f'<option value="{people.support.id}" selected>Sara Stöd</option>' in by_support.text
    today = client.get(url, params={"from": "2000-01-01", "to": "2999-12-31"})
    assert today.text.count('class="timeline-entry"') == 3
    assert 'value="2000-01-01"' in today.text
    long_ago = client.get(url, params={"to": "2000-01-01"})
    assert long_ago.text.count('class="timeline-entry"') == 0
    assert "Inga poster i granskningsloggen matchar." in long_ago.text


def test_a_bad_date_is_named_and_the_dates_left_out(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    login(client, people.support)
    page = client.get(f"/initiatives/{initiative.id}/audit", params={"from": "igår"})
    assert page.status_code == 422
    assert "Ange ett datum som ÅÅÅÅ-MM-DD." in page.text
    assert 'id="filter-from" name="from" type="date" value="igår" aria-invalid="true"' in page.text
    assert page.text.count('class="timeline-entry"') == 1  # the unfiltered timeline


def test_the_chain_is_checked_on_request_and_said_in_words(
    client: TestClient, session: Session, people: People, initiative: Initiative, store: BlobStore
) -> None:
    _history(session, people, initiative, store)
    login(client, people.funder)
    page = client.get(f"/initiatives/{initiative.id}/audit")
    verify = f"/initiatives/{initiative.id}/audit/verify"
    assert f'hx-get="{verify}"' in page.text and "Kontrollera kedjan" in page.text
    assert 'id="chain-status"' not in page.text  # nothing walked until asked
    with recorded_statements(session.get_bind()) as statements:
        answer = client.get(verify, headers={"HX-Request": "true"})
    walks = [s for s in statements if "audit_entries" in s and "WHERE" not in s.upper()]
    assert len(walks) == 1
    assert answer.text.lstrip().startswith('<div id="chain-status" class="banner banner-success">')
    assert "Granskningsloggen är intakt." in answer.text and "<html" not in answer.text
    entries = audit_log.verify(session).entries
    assert f"Alla {entries} poster i loggen kontrollerades" in answer.text
    # Without JavaScript the button's form opens a page of its own.
    full = client.get(verify)
    assert "<html" in full.text and "Granskningsloggen är intakt." in full.text
    assert f'href="/initiatives/{initiative.id}/audit"' in full.text


def test_a_tampered_chain_is_named_in_words(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    first = audit_log.verify(session).entries + 1
    for n in range(2):
        audit_log.record(session, actor=people.admin, action="t.x", target_type="t", target_id=n)
    session.commit()
    _tamper(session, first)
    login(client, people.support)
    answer = client.get(
        f"/initiatives/{initiative.id}/audit/verify", headers={"HX-Request": "true"}
    )
    assert "banner-error" in answer.text
    assert "Granskningsloggen har manipulerats." in answer.text
    assert (
        f"Post {first} passar inte längre in i kedjan: dess innehåll har ändrats efter att "
        "den skrevs." in answer.text
    )


def test_leadership_neither_checks_the_chain_nor_sees_the_button(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    login(client, people.leader)
    page = client.get(f"/initiatives/{initiative.id}/audit")
    assert "Kontrollera kedjan" not in page.text and "/audit/verify" not in page.text
    assert client.get(f"/initiatives/{initiative.id}/audit/verify").status_code == 403


def test_an_auditor_link_checks_the_chain_in_its_language(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    _row, token = access.create_auditor_link(
        session, actor=people.support, initiative_id=initiative.id, label="Revisor", days=7
    )
    anonymous = TestClient(client.app)
    page = anonymous.get(f"/audit/{token}", params={"lang": "en"})
    assert f'hx-get="/audit/{token}/verify?lang=en"' in page.text
    assert "Sara Stöd created the initiative Textilnoden" in outside_details(page.text)
    answer = anonymous.get(
        f"/audit/{token}/verify", params={"lang": "en"}, headers={"HX-Request": "true"}
    )
    assert "The audit trail is intact." in answer.text
    assert answer.headers["cache-control"] == "no-store"
    assert answer.headers.get_list("referrer-policy") == ["no-referrer"]
    full = anonymous.get(f"/audit/{token}/verify")
    assert "Granskningsloggen är intakt." in full.text and "Skrivskyddad granskningsvy" in full.text
    assert anonymous.get("/audit/not-a-token/verify").status_code == 404


def test_the_audit_pack_report_reads_as_sentences(
    client: TestClient, session: Session, people: People, initiative: Initiative, store: BlobStore
) -> None:
    _history(session, people, initiative, store)
    login(client, people.support)
    pack = client.get(f"/initiatives/{initiative.id}/audit-pack.zip", params={"lang": "sv"})
    report = zipfile.ZipFile(io.BytesIO(pack.content)).read("report.html").decode()
    assert f"Lars Ledare markerade {ITEM.text.sv} som klar" in report
    assert "Granskningsloggen är intakt" in report
    assert not CODE.search(report.split("Granskningslogg", 1)[1])


def test_a_service_with_another_key_says_it_cannot_check(
    sessions: sessionmaker[Session], session: Session, people: People, initiative: Initiative
) -> None:
    with sessions(info={"audit_key": "another key"}) as elsewhere:
        check = chain_check(elsewhere, "sv")
    assert check.wrong_key and not check.ok
    page = '{% import "audit/_macros.html" as a %}{{ a.chain_status(check) }}'
    said = environment("sv").from_string(page).render(check=check)
    assert "Granskningsloggen kunde inte kontrolleras." in said
    assert "manipulerats" not in said  # a wrong key is not tampering
