"""The readiness report's data, as the audit pack builds it from its export."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from app.phases import PHASE_ORDER, Phase, get_model
from app.reports.initiative import report_from_export

MODEL = get_model()
PILOT = MODEL.required_items(Phase.PILOT)


def _export(**changes: Any) -> dict[str, Any]:
    initiative = {
        "name": "Textilnoden", "region": "Västra Götaland", "sector": None,
        "phase": "pilot", "closed_from": None, "model_version": MODEL.version,
        "phase_entered_at": "2024-03-01T09:00:00+00:00",
    }  # fmt: skip
    gate = {"allowed": False, "missing": [PILOT[0].key], "open_conditions": ["#3 Budget"]}
    return {
        "initiative": initiative | changes,
        "as_of": "2024-06-01",
        "gate": gate,
        "items": [],
        "transitions": [],
        "gate_reviews": [],
        "conditions": [],
    }


def test_every_phase_reached_is_listed_with_the_current_one_last() -> None:
    report = report_from_export(_export())
    assert [part.phase for part in report.phases] == ["starting_point", "initiation", "pilot"]
    assert report.as_of == date(2024, 6, 1)
    assert report.gate.missing == (PILOT[0].text,) and report.gate.open_conditions == ("#3 Budget",)
    closed = report_from_export(_export(phase="closed", closed_from="initiation"))
    assert [part.phase for part in closed.phases] == ["starting_point", "initiation"]
    assert len(report_from_export(_export(phase="sustainability")).phases) == len(PHASE_ORDER)


def test_items_carry_their_standing_and_evidence_withdrawn_pieces_included() -> None:
    export = _export()
    piece = {
        "kind": "file", "file_name": "protokoll.pdf", "url": None, "note": "Signed",
        "effective_on": "2024-04-01", "expires_on": None, "sha256": "ab" * 32, "withdrawn": True,
    }  # fmt: skip
    export["items"] = [
        {"key": PILOT[0].key, "standing": "done", "updated_by": "sara@example.se",
         "updated_at": "2024-04-02T10:00:00+00:00", "note": None, "link": None,
         "justification": None, "evidence": [piece]},
    ]  # fmt: skip
    report = report_from_export(export)
    lines = {line.text: line for part in report.phases for c in part.checklists for line in c.items}
    done = lines[PILOT[0].text]
    assert done.settled and done.by == "sara@example.se"
    assert done.at == datetime.fromisoformat("2024-04-02T10:00:00+00:00")
    (evidence,) = done.evidence
    assert (evidence.name, evidence.note, evidence.withdrawn) == ("protokoll.pdf", "Signed", True)
    assert evidence.sha256 == "ab" * 32
    assert not lines[PILOT[1].text].settled and lines[PILOT[1].text].standing == "open"
    category = PILOT[0].category.value
    checklist = next(c for c in report.phases[-1].checklists if c.category == category)
    assert checklist.settled == 1


def test_conditions_go_with_their_review_and_transitions_keep_their_trigger() -> None:
    export = _export()
    export["gate_reviews"] = [
        {"id": 7, "phase": "initiation", "outcome": "conditional_go", "decided_by": "a@b.se",
         "decided_at": "2024-02-28T12:00:00+00:00", "rationale": "Ok", "snapshot_sha256": "f" * 64},
        {"id": 8, "phase": "pilot", "outcome": None, "decided_by": None, "decided_at": None,
         "rationale": None, "snapshot_sha256": None},
    ]  # fmt: skip
    export["conditions"] = [
        {"review_id": 7, "text": "Budget", "owner": "Sara", "due_on": "2024-09-01",
         "closed_at": None},
    ]  # fmt: skip
    export["transitions"] = [
        {"trigger": "advance", "from_phase": "initiation", "to_phase": "pilot", "actor": "a@b.se",
         "reason": None, "created_at": "2024-03-01T09:00:00+00:00"},
    ]  # fmt: skip
    report = report_from_export(export)
    decided, awaited = report.reviews
    assert [c.text for c in decided.conditions] == ["Budget"] and awaited.conditions == ()
    assert awaited.outcome is None and awaited.at is None
    (moved,) = report.transitions
    assert (moved.trigger, moved.from_phase, moved.to_phase) == ("advance", "initiation", "pilot")
