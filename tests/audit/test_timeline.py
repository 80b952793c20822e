"""An initiative's timeline, filtered by person, kind of event and dates, read in words."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy.orm import Session

from app import errors
from app.access import services as access
from app.audit import log as audit_log
from app.audit.readable import exported_sentences, readable
from app.audit.timeline import entry_json, timeline
from app.domain.items import ItemStatus, ItemUpdate
from app.initiatives import items as initiative_items
from app.models.initiatives import Initiative
from app.phases import Phase, get_model
from tests.conftest import People, recorded_statements

ITEM = get_model().required_items(Phase.STARTING_POINT)[0]


def _actions(session: Session, initiative: Initiative, **params: str) -> list[str]:
    return [e.action for e in timeline(session, initiative.id, params).entries]


def _tick(session: Session, people: People, initiative: Initiative) -> None:
    initiative_items.update_item(
        session,
        actor=people.leader,
        initiative_id=initiative.id,
        key=ITEM.key,
        update=ItemUpdate(ItemStatus.DONE, note="Protokoll"),
    )


def test_filter_by_person_and_kind_of_event(
    session: Session, people: People, initiative: Initiative
) -> None:
    _tick(session, people, initiative)
    everything = _actions(session, initiative)
    assert everything[0] == "item.update" and everything[-1] == "initiative.create"
    assert _actions(session, initiative, person=str(people.leader.id)) == ["item.update"]
    assert _actions(session, initiative, person=str(people.support.id)) == ["initiative.create"]
    assert _actions(session, initiative, kind="items") == ["item.update"]
    assert _actions(session, initiative, kind="initiative") == ["initiative.create"]
    assert _actions(session, initiative, kind="reviews") == []
    # An unknown person or kind matches nothing rather than everything.
    assert _actions(session, initiative, person="nobody") == []
    assert _actions(session, initiative, kind="nonsense") == []
    found = timeline(session, initiative.id, {})
    assert set(found.kinds) == {"items", "initiative"}
    assert {user_id for user_id, _ in found.people} == {people.leader.id, people.support.id}


def test_the_kind_other_is_what_no_kind_names(
    session: Session, people: People, initiative: Initiative
) -> None:
    audit_log.record(
        session,
        actor=people.admin,
        action="novel.thing",
        target_type="novel",
        target_id=1,
        initiative_id=initiative.id,
    )
    assert _actions(session, initiative, kind="other") == ["novel.thing"]
    assert "other" in timeline(session, initiative.id, {}).kinds


def test_filter_by_dates_counts_swedish_days_both_ends_included(
    session: Session, people: People, initiative: Initiative
) -> None:
    # 23:30 UTC on 14 January is already 15 January in Stockholm.
    for at, action in (
        (datetime(2026, 1, 14, 22, 30, tzinfo=UTC), "t.fourteenth"),
        (datetime(2026, 1, 14, 23, 30, tzinfo=UTC), "t.fifteenth"),
        (datetime(2026, 1, 16, 22, 59, tzinfo=UTC), "t.sixteenth"),
        (datetime(2026, 1, 16, 23, 0, tzinfo=UTC), "t.seventeenth"),
    ):
        audit_log.record(
            session,
            actor=people.admin,
            action=action,
            target_type="t",
            target_id=1,
            initiative_id=initiative.id,
            at=at,
        )
    window = {"from": "2026-01-15", "to": "2026-01-16", "kind": "other"}
    assert _actions(session, initiative, **window) == ["t.sixteenth", "t.fifteenth"]
    assert _actions(session, initiative, to="2026-01-14", kind="other") == ["t.fourteenth"]
    with pytest.raises(errors.InvalidInput) as refused:
        timeline(session, initiative.id, {"from": "15/1"})
    assert (refused.value.field, refused.value.code) == ("from", "invalid_date")


def test_the_api_filters_still_work(
    session: Session, people: People, initiative: Initiative
) -> None:
    _tick(session, people, initiative)
    assert _actions(session, initiative, actor=people.leader.email) == ["item.update"]
    assert _actions(session, initiative, action="initiative.create") == ["initiative.create"]
    assert set(entry_json(timeline(session, initiative.id, {}).entries[0])) == {
        "seq", "at", "actor", "action", "target_type", "target_id", "phase", "before",
        "after", "mac",
    }  # fmt: skip


def test_entries_read_in_words_with_names_in_two_queries(
    session: Session, people: People, initiative: Initiative
) -> None:
    _tick(session, people, initiative)
    found = timeline(session, initiative.id, {})
    with recorded_statements(session.get_bind()) as statements:
        view = readable(session, found, "sv", model_version=initiative.model_version)
    assert len(statements) <= 2
    tick, created, *_ = view.rows
    assert tick.who == "Lars Ledare"
    assert str(tick.sentence) == f"Lars Ledare markerade <em>{ITEM.text.sv}</em> som klar"
    assert [(r.label, r.before, r.after) for r in tick.changes] == [
        ("Status", "Öppen", "Klar"),
        ("Anteckning", None, "Protokoll"),
    ]
    assert str(created.sentence) == "Sara Stöd skapade initiativet Textilnoden"
    assert "\\u00" not in tick.raw and '"note": "Protokoll"' in tick.raw
    assert (str(people.leader.id), "Lars Ledare") in view.people
    assert dict(view.kinds)["items"] == "Checklistepunkter"
    english = readable(session, found, "en", model_version=initiative.model_version)
    assert str(english.rows[0].sentence) == f"Lars Ledare marked <em>{ITEM.text.en}</em> as done"


def test_the_number_of_queries_does_not_grow_with_the_timeline(
    session: Session, people: People, initiative: Initiative
) -> None:
    def reads() -> int:
        found = timeline(session, initiative.id, {})
        with recorded_statements(session.get_bind()) as statements:
            readable(session, found, "sv")
        return len(statements)

    before = reads()
    for _ in range(3):
        _tick(session, people, initiative)
    access.remove_funder(
        session, actor=people.support, initiative_id=initiative.id, user_id=people.funder.id
    )
    assert reads() == before


def test_a_pack_names_its_people_too(
    session: Session, people: People, initiative: Initiative
) -> None:
    _tick(session, people, initiative)
    exported = [entry_json(e) for e in timeline(session, initiative.id, {}).entries]
    said = exported_sentences(session, exported, "sv", model_version=initiative.model_version)
    assert said[0] == ("Lars Ledare", f"Lars Ledare markerade {ITEM.text.sv} som klar")
    # Without a session (an offline pack) people are named as the log wrote them.
    offline = exported_sentences(None, exported, "sv")
    assert offline[0][0] == people.leader.email
