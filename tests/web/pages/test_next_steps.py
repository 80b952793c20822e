"""The initiative page starts with "what to do next" for the process-leadership group:
missing required items (links that open them), open conditions with their due dates,
evidence to renew and a review waiting for a decision; folded for support, absent for
funders; a constant number of queries."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app import clock
from app.domain.evidence import EvidenceKind
from app.domain.items import ItemStatus, ItemUpdate
from app.domain.reviews import ReviewStatus
from app.evidence import services as evidence_services
from app.evidence.services import NewEvidence
from app.evidence.storage import BlobStore
from app.initiatives import items as initiative_items
from app.models.initiatives import Initiative
from app.models.reviews import GateReview, ReviewCondition
from app.phases import Phase, get_model
from tests.conftest import People, login, reads, recorded_statements

START = get_model().required_items(Phase.STARTING_POINT)


def _anchor(key: str) -> str:
    return "item-" + key.replace(".", "-")


def _panel(html: str) -> str:
    assert 'id="next-steps"' in html, "no next-steps panel"
    return html.split('id="next-steps"')[1].split("</section>")[0].split("</details>")[0]


def _tick(session: Session, people: People, initiative: Initiative, key: str) -> None:
    update = ItemUpdate(ItemStatus.DONE, f"Protokoll för {key}")
    initiative_items.update_item(
        session, actor=people.leader, initiative_id=initiative.id, key=key, update=update
    )


def _review(
    session: Session, initiative: Initiative, people: People, status: ReviewStatus, days_ago: int
) -> GateReview:
    made = GateReview(
        initiative_id=initiative.id,
        phase=initiative.phase,
        model_version=initiative.model_version,
        status=status,
        requested_by_id=people.leader.id,
        requested_at=datetime.combine(clock.today() - timedelta(days=days_ago), time(9), UTC),
    )
    session.add(made)
    session.flush()
    return made


def _condition(session: Session, review: GateReview, text: str, due: date) -> None:
    session.add(
        ReviewCondition(
            review_id=review.id,
            initiative_id=review.initiative_id,
            text=text,
            owner="Lars Ledare",
            due_on=due,
        )
    )


def _evidence(
    session: Session, people: People, initiative: Initiative, key: str, expires: date
) -> None:
    """Through the use-case, as the group adds it (which keeps stored readiness right)."""
    new = NewEvidence(
        EvidenceKind.NOTE,
        note=f"Intyg {expires}",
        effective_on=expires - timedelta(days=365),
        expires_on=expires,
    )
    evidence_services.add_evidence(
        session,
        actor=people.leader,
        initiative_id=initiative.id,
        key=key,
        new=new,
        store=BlobStore(None),
        max_bytes=1000,
    )


def test_a_leader_sees_the_missing_required_items_as_links_that_open_them(
    client: TestClient, people: People, initiative: Initiative
) -> None:
    login(client, people.leader)
    html = client.get(f"/initiatives/{initiative.id}").text
    panel = _panel(html)
    assert "<section" in html.split('id="next-steps"')[0].rsplit("\n", 1)[1]  # open, not folded
    assert "Att göra härnäst" in panel
    assert "5 obligatoriska punkter saknas" in panel
    for item in START:
        href = f"/initiatives/{initiative.id}?open={item.key}#{_anchor(item.key)}"
        assert f'class="open-item" href="{href}"' in panel
        assert item.text.sv in panel
    # It comes first: before the sections, the stepper and the checklists.
    assert html.index('id="next-steps"') < html.index('class="sections"') < html.index("checklists")
    # An earlier or later phase, read-only, is not where the work is.
    later = client.get(f"/initiatives/{initiative.id}?phase=initiation").text
    assert 'id="next-steps"' not in later


def test_a_leader_sees_open_conditions_with_their_due_dates_overdue_marked(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    today = clock.today()
    decided = _review(session, initiative, people, ReviewStatus.DECIDED, days_ago=40)
    _condition(session, decided, "Budget för 2027 beslutad", today + timedelta(days=12))
    _condition(session, decided, "Avtal med kommunen", today - timedelta(days=3))
    session.commit()
    login(client, people.leader)
    panel = _panel(client.get(f"/initiatives/{initiative.id}").text)
    conditions = panel.split('id="next-conditions"')[1].split("</ul>")[0]
    overdue, later = conditions.split("<li")[1:]
    assert "Avtal med kommunen" in overdue and "3 dagar försenat" in overdue
    assert f"senast {(today - timedelta(days=3)).isoformat()}" in overdue
    assert "tag-warn" in overdue
    assert "Budget för 2027 beslutad" in later and "om 12 dagar" in later
    assert f"senast {(today + timedelta(days=12)).isoformat()}" in later
    assert "tag-warn" not in later
    assert f'href="/gate-reviews/{decided.id}"' in later


def test_a_leader_sees_evidence_that_expires_or_has_expired(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    today = clock.today()
    expiring, expired = START[0].key, START[1].key
    for item in START:
        _tick(session, people, initiative, item.key)
    _evidence(session, people, initiative, expiring, today + timedelta(days=10))
    _evidence(session, people, initiative, expired, today - timedelta(days=2))
    session.commit()
    login(client, people.leader)
    panel = _panel(client.get(f"/initiatives/{initiative.id}").text)
    # Expired: its required item no longer stands as done, so it is missing again, and says why.
    missing = panel.split('id="next-missing"')[1].split("</ul>")[0]
    assert f"open={expired}#" in missing and "Behöver förnyas" in missing
    assert f"open={expiring}#" not in missing
    renewals = panel.split('id="next-evidence"')[1].split("</ul>")[0]
    assert f'class="open-item" href="/initiatives/{initiative.id}?open={expiring}#' in renewals
    assert f"gäller till och med {(today + timedelta(days=10)).isoformat()}" in renewals
    assert "om 10 dagar" in renewals
    assert f"open={expired}#" not in renewals  # said once, in the missing list


def test_a_waiting_review_says_it_is_with_the_support_function(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    for item in START:
        _tick(session, people, initiative, item.key)
    login(client, people.leader)
    ready = _panel(client.get(f"/initiatives/{initiative.id}").text)
    assert "Inget att göra just nu: grinden till Initiering är öppen." in ready
    assert 'href="#request-review-form"' in ready
    requested = _review(session, initiative, people, ReviewStatus.REQUESTED, days_ago=4)
    session.commit()
    panel = _panel(client.get(f"/initiatives/{initiative.id}").text)
    assert "Grindgranskning begärd" in panel and "väntar på stödfunktionens beslut" in panel
    assert "(4 dagar)" in panel
    assert f'href="/gate-reviews/{requested.id}"' in panel
    assert "Inget mer att göra just nu." in panel


def test_support_sees_it_folded_and_a_funder_not_at_all(
    client: TestClient, people: People, initiative: Initiative
) -> None:
    login(client, people.support)
    html = client.get(f"/initiatives/{initiative.id}").text
    head = html.split('id="next-steps"')[0].rsplit("<", 1)[1]
    assert head.startswith("details") and " open" not in head
    assert "Processledningens nästa steg" in _panel(html) and "(5)" in _panel(html)
    client.cookies.clear()
    login(client, people.funder)
    html = client.get(f"/initiatives/{initiative.id}").text
    assert 'id="next-steps"' not in html
    assert 'id="gate-panel"' in html  # the page itself is there


def test_it_reads_in_english_too(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    decided = _review(session, initiative, people, ReviewStatus.DECIDED, days_ago=40)
    _condition(session, decided, "Avtal", clock.today() - timedelta(days=1))
    session.commit()
    login(client, people.leader)
    html = client.get(f"/initiatives/{initiative.id}", headers={"Accept-Language": "en"}).text
    panel = _panel(html)
    assert "What to do next" in panel and "5 required items are missing" in panel
    assert "1 day overdue" in panel


def test_the_panel_costs_no_query_per_condition_or_piece_of_evidence(
    client: TestClient, session: Session, people: People, initiative: Initiative
) -> None:
    login(client, people.leader)
    engine = session.get_bind()

    def selects() -> tuple[int, str]:
        with recorded_statements(engine) as statements:
            response = client.get(f"/initiatives/{initiative.id}")
            assert response.status_code == 200
        return reads(statements), response.text

    # A review first: the page loads the conditions of its reviews in one more statement.
    decided = _review(session, initiative, people, ReviewStatus.DECIDED, days_ago=40)
    _condition(session, decided, "Villkor", clock.today())
    for item in START:
        _tick(session, people, initiative, item.key)
    session.commit()
    before, _ = selects()
    for n in range(7):
        _condition(session, decided, f"Villkor {n}", clock.today() + timedelta(days=n - 2))
        _evidence(
            session, people, initiative, START[n % len(START)].key, clock.today() + timedelta(n)
        )
    session.commit()
    after, html = selects()
    assert after == before
    conditions = _panel(html).split('id="next-conditions"')[1]
    assert conditions.split("</ul>")[0].count("<li") == 5  # the first five ...
    assert "och 3 till" in conditions  # ... and how many more
    renewals = _panel(html).split('id="next-evidence"')[1].split("</ul>")[0]
    assert renewals.count("<li") == len(START)  # one line per item, however many pieces
