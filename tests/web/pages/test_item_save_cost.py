"""What an item save through the page costs (issue 16, "cheap saves"), and that its answer,
built from the stored readiness, shows the gate the full page shows.

Counted: every statement sent while the HTMX request runs (the signed-in user's look-up
included) but the test harness's SAVEPOINT and RELEASE."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app import clock
from app.actors.vocabulary import FACT_ITEMS
from app.domain.items import ItemStatus, ItemUpdate
from app.domain.workflow import Trigger
from app.evidence import services as evidence_services
from app.evidence.services import NewEvidence
from app.evidence.storage import BlobStore
from app.initiatives import items as initiative_items
from app.initiatives import queries as initiative_queries
from app.initiatives import services as initiatives
from app.models.initiatives import Initiative
from app.phases import Phase, get_model
from app.reviews import services as reviews
from tests.conftest import People, login, recorded_statements

HTMX = {"HX-Request": "true"}
MODEL = get_model()
REQUIRED = [i.key for i in MODEL.required_items(Phase.STARTING_POINT)]
# The user and the initiative (one statement) and the membership before the body is
# read; the save's 10 at most (tests/readiness/test_save_cost.py), whose lock also tells
# whether the item has evidence and the gate an open review or condition, and whose read
# of the phase's states tells whether the form changed anything; the item's evidence and,
# in one query, the open review and conditions, each only if there are any; the answer's
# stored figures only when the save wrote nothing. An item the actor register informs
# reads what it says too (one or two more). A leader's save of an item with evidence: 12
# on SQLite, 8 on PostgreSQL (the membership is asked twice, the second time under the
# save's lock).
LIMIT = 12


def _save(
    client: TestClient, session: Session, csrf: str, initiative: Initiative, key: str,
    form: dict[str, str], files: dict[str, tuple[str, bytes, str]] | None = None,
) -> tuple[int, str, list[str]]:  # fmt: skip
    code, html, statements = _posted(client, session, csrf, initiative, key, form, files)
    return code, html, [s for s in statements if "SAVEPOINT" not in s]


def _posted(
    client: TestClient, session: Session, csrf: str, initiative: Initiative, key: str,
    form: dict[str, str], files: dict[str, tuple[str, bytes, str]] | None = None,
) -> tuple[int, str, list[str]]:  # fmt: skip
    with recorded_statements(session.get_bind()) as statements:
        response = client.post(
            f"/initiatives/{initiative.id}/items/{key}",
            data=form,
            files=files,
            headers={**HTMX, "X-CSRF-Token": csrf},
        )
    return response.status_code, response.text, statements


def _transactions(statements: list[str]) -> int:
    """The transactions a request ran: here each begins with a SAVEPOINT of the test's."""
    return sum(1 for s in statements if s.startswith("SAVEPOINT"))


def _missing(html: str) -> list[str]:
    panel = html.split('id="gate-panel"')[1].split("</section>")[0]
    return re.findall(r'<li data-key="([^"]+)"', panel)


def _state_reads(statements: list[str]) -> int:
    return sum(1 for s in statements if s.startswith("SELECT item_states."))


def _add_note(session: Session, people: People, initiative: Initiative, key: str) -> None:
    evidence_services.add_evidence(
        session, actor=people.leader, initiative_id=initiative.id, key=key,
        new=NewEvidence("note", note="Protokoll"), store=BlobStore(None), max_bytes=1000,
    )  # fmt: skip


def _not_applicable(session: Session, people: People, initiative: Initiative, key: str) -> None:
    initiative_items.update_item(
        session, actor=people.leader, initiative_id=initiative.id, key=key,
        update=ItemUpdate(ItemStatus.NOT_APPLICABLE, justification="Gäller inte oss."),
    )  # fmt: skip


NOT_APPLICABLE = {"status": "not_applicable", "justification": "Gäller inte oss"}


def test_an_item_save_costs_a_constant_few_statements(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    csrf = login(client, people.leader)
    code, html, work = _save(client, session, csrf, initiative, REQUIRED[0], NOT_APPLICABLE)
    print(len(work), "\n".join(s[:100].replace("\n", " ") for s in work))
    assert code == 200 and 'id="gate-panel"' in html
    assert len(work) <= LIMIT, len(work)
    assert not any("count(" in s for s in work)  # no navigation badges in a fragment
    assert not any(s.startswith("SELECT initiatives.id") for s in work)  # read with the user
    assert _answer_reads(work) == {"evidence": 0, "blockers": 0}
    # Evidence on the item: its read, one more; on every item of the phase, the same.
    _add_note(session, people, initiative, REQUIRED[0])
    reopen = {"status": "open", "justification": ""}
    code, html, one = _save(client, session, csrf, initiative, REQUIRED[0], reopen)
    assert code == 200 and "Protokoll" in html
    assert _answer_reads(one) == {"evidence": 1, "blockers": 0}
    assert len(one) == len(work) + 1 <= LIMIT, one
    for key in REQUIRED[1:]:
        _add_note(session, people, initiative, key)
    assert len(_save(client, session, csrf, initiative, REQUIRED[0], NOT_APPLICABLE)[2]) == len(one)


def test_the_answer_reads_an_open_review_and_open_conditions_only_when_there_are_some(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    """The gate in the answer shows the open review and the open conditions as the page
    does; the save's lock tells whether there are any, so none costs no read."""
    csrf = login(client, people.leader)
    first, second, *_ = (k for k in REQUIRED if k not in FACT_ITEMS)
    code, html, work = _save(client, session, csrf, initiative, first, NOT_APPLICABLE)
    assert code == 200 and 'id="review-pending"' not in html
    assert _answer_reads(work) == {"evidence": 0, "blockers": 0}
    for key in REQUIRED:
        _not_applicable(session, people, initiative, key)
    review = reviews.request_review(session, actor=people.leader, initiative_id=initiative.id)
    again = {"status": "not_applicable", "justification": "Gäller fortfarande inte oss"}
    code, html, work = _save(client, session, csrf, initiative, second, again)
    assert code == 200 and 'id="review-pending"' in html
    assert f'href="/gate-reviews/{review.id}"' in html
    assert _answer_reads(work) == {"evidence": 0, "blockers": 1}
    condition = reviews.ConditionInput(
        "Skriv en avsiktsförklaring", "Lars Ledare", date(2031, 3, 1)
    )
    reviews.decide(
        session, actor=people.support, review_id=review.id, outcome="conditional_go",
        rationale="Ja, men.", conditions=[condition],
    )  # fmt: skip
    required, other = (
        next(i.key for i in MODEL.tickable_items if i.phase is Phase.INITIATION
             and i.key not in FACT_ITEMS and i.required is wanted)
        for wanted in (True, False)
    )  # fmt: skip
    done = {"status": "done", "note": "Klart", "link": "https://example.se/a"}
    code, html, work = _save(client, session, csrf, initiative, required, done)
    assert code == 200 and 'id="gate-conditions"' in html and "Skriv en avsiktsförklaring" in html
    assert 'id="review-pending"' not in html
    assert _answer_reads(work) == {"evidence": 0, "blockers": 1}
    # The gate names only required items: a save of another cannot change it, so the
    # answer leaves it (and the conditions it would read) out; the progress is there.
    code, html, work = _save(client, session, csrf, initiative, other, {"status": "done"})
    assert code == 200 and 'id="progress-' in html
    assert 'id="gate-panel"' not in html and 'id="gate-bar"' not in html
    assert _answer_reads(work) == {"evidence": 0, "blockers": 0}


def _answer_reads(statements: list[str]) -> dict[str, int]:
    """The answer's reads of the item's evidence and of the gate's review and conditions
    (app.initiatives.answer_reads), not the save lock's questions whether there are any."""
    return {
        "evidence": sum(s.startswith("SELECT evidence.") for s in statements),
        "blockers": sum(s.startswith("SELECT gate_reviews.") for s in statements),
    }


def test_a_small_form_is_saved_in_the_transaction_that_checked_it(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    """The check before the body is read, the answer's reads and the save: one transaction,
    not three, for a form that comes with its headers, urlencoded or as the page's script
    posts it (multipart, its file field empty). A document, which may take minutes to
    arrive, is still read with no transaction open (app.web.pages.item_form)."""
    csrf = login(client, people.leader)
    first, second = (k for k in REQUIRED if k not in FACT_ITEMS)
    code, _html, statements = _posted(client, session, csrf, initiative, first, NOT_APPLICABLE)
    assert code == 200 and _transactions(statements) == 1
    # An item the actor register informs: what it says is read in that transaction too.
    informed = next(k for k in REQUIRED if k in FACT_ITEMS)
    code, html, statements = _posted(client, session, csrf, initiative, informed, NOT_APPLICABLE)
    assert code == 200 and _transactions(statements) == 1 and "FROM actors" in " ".join(statements)
    empty = {"file": ("", b"", "application/octet-stream")}
    reopen = {"status": "open", "justification": ""}
    code, _html, statements = _posted(client, session, csrf, initiative, first, reopen, empty)
    assert code == 200 and _transactions(statements) == 1
    document = b"%PDF-1.4 " + b"protokoll " * 2000  # 20 KB: more than arrives with headers
    upload = {"file": ("protokoll.pdf", document, "application/pdf")}
    form = {"status": "done", "kind": "file", "add": "1"}
    code, html, statements = _posted(client, session, csrf, initiative, second, form, upload)
    assert code == 200 and "protokoll.pdf" in html
    assert _transactions(statements) == 3  # the check, the piece, the save


def test_the_answer_shows_the_gate_the_page_shows(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    csrf = login(client, people.leader)
    first, *rest = REQUIRED
    _add_note(session, people, initiative, first)
    code, html, shut = _save(client, session, csrf, initiative, first, {"status": "done"})
    view = initiative_queries.initiative_view(
        session, user=people.leader, initiative_id=initiative.id
    )
    assert code == 200 and "gate-is-closed" in html
    assert _missing(html) == list(view.gate.missing) == rest
    for key in rest[:-1]:
        _not_applicable(session, people, initiative, key)
    code, html, open_ = _save(client, session, csrf, initiative, rest[-1], NOT_APPLICABLE)
    assert code == 200 and "gate-is-open" in html and _missing(html) == []
    # The answer names what blocks from what the save read and stored under its lock: the
    # phase's states are read once (the save's), not again after the commit, nor are the
    # stored figures.
    for work in (shut, open_):
        assert _state_reads(work) == 1  # the save's, which also checks the form changed it
        assert not any("FROM phase_readiness" in s for s in work)


def test_figures_past_their_date_are_read_live(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    """Evidence expired since the figures were stored: the gate names the item again."""
    first = REQUIRED[0]
    then = datetime.now(UTC) - timedelta(days=10)
    with clock.as_of(then):
        evidence_services.add_evidence(
            session, actor=people.leader, initiative_id=initiative.id, key=first,
            new=NewEvidence("note", note="Avtal", expires_on=then.date() + timedelta(days=5)),
            store=BlobStore(None), max_bytes=1000,
        )  # fmt: skip
        initiative_items.update_item(
            session, actor=people.leader, initiative_id=initiative.id, key=first,
            update=ItemUpdate(ItemStatus.DONE),
        )  # fmt: skip
    csrf = login(client, people.leader)
    # A form that changes nothing writes nothing: the figures stay as stored then.
    unchanged = {"status": "open", "justification": ""}
    code, html, work = _save(client, session, csrf, initiative, REQUIRED[1], unchanged)
    assert code == 200 and _missing(html) == REQUIRED
    # Not even the initiative's lock: a row lock, not an UPDATE (app.initiatives.items).
    assert not [s for s in work if s.startswith(("UPDATE", "INSERT", "DELETE", "WITH"))]
    blocking = html.split(f'<li data-key="{first}"')[1].split("</li>")[0]
    assert "status-needs_renewal" in blocking


def test_a_save_from_a_page_the_phase_has_left_is_told_so_in_the_item(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    for key in REQUIRED:
        _not_applicable(session, people, initiative, key)
    initiatives.run_transition(
        session, actor=people.support, initiative_id=initiative.id, trigger=Trigger.ADVANCE
    )
    csrf = login(client, people.leader)
    code, html, _work = _save(client, session, csrf, initiative, REQUIRED[0], {"status": "open"})
    assert code == 409 and 'role="alert"' in html
