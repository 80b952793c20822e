"""One initiative's readiness report, as plain data for `templates/reports/initiative.html`.

The initiative PDF and the audit pack's `report.html` render the same template from
an `InitiativeReport`: the PDF builds it from the page's view (people by name), the
pack from its JSON export (people by e-mail, withdrawn evidence kept), so what the
auditor reads is what `initiative.json` holds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from app.domain.evidence import EvidenceKind
from app.domain.items import Standing
from app.phases import PHASE_ORDER, Item, Phase, PhaseModel, Text, get_model
from app.reports.lines import (
    ChecklistPart,
    ConditionLine,
    EvidenceLine,
    GateLine,
    InitiativeReport,
    ItemLine,
    PhasePart,
    ReviewLine,
    TransitionLine,
)

if TYPE_CHECKING:
    from app.initiatives.queries import InitiativeView
    from app.models.evidence import Evidence
    from app.models.initiatives import Transition
    from app.models.reviews import GateReview


LineOf = Callable[[Item], ItemLine]


def _phases(
    model: PhaseModel, phase: str, closed_from: str | None, line_of: LineOf
) -> tuple[PhasePart, ...]:
    """Every phase reached, with each item as `line_of` sees it."""
    reached = Phase(closed_from) if phase == Phase.CLOSED and closed_from else Phase(phase)
    upto = PHASE_ORDER.index(reached) if reached in PHASE_ORDER else 0
    specs = [spec for p in PHASE_ORDER[: upto + 1] if (spec := model.phase(p))]
    return tuple(
        PhasePart(
            spec.phase.value,
            tuple(
                ChecklistPart(c.category.value, c.title, tuple(_line(i, line_of) for i in c.items))
                for c in spec.checklists
            ),
        )
        for spec in specs
    )


def _line(item: Item, line_of: LineOf) -> ItemLine:
    # A heading has no state of its own, whatever an earlier version recorded on its key.
    return ItemLine(item.text, False, "", heading=True) if item.heading else line_of(item)


def _gate(
    model: PhaseModel, allowed: bool, missing: Iterable[str], open_conditions: Iterable[str]
) -> GateLine:
    texts = tuple(item.text if (item := model.item(k)) else Text(k, k) for k in missing)
    return GateLine(allowed, texts, tuple(open_conditions))


def report_from_view(view: InitiativeView, *, as_of: date) -> InitiativeReport:
    """The PDF's report: from the page's view, people by name, withdrawn evidence left out."""
    initiative, current = view.initiative, view.phase_state

    def line_of(item: Item) -> ItemLine:
        state = current.states.get(item.key)
        standing = str(current.standings.get(item.key, Standing.OPEN))
        evidence = tuple(
            _evidence_line(e) for e in current.evidence.get(item.key, ()) if not e.withdrawn_at
        )
        if state is None:
            return ItemLine(item.text, item.required, standing, evidence=evidence)
        return ItemLine(
            item.text,
            item.required,
            standing,
            by=state.updated_by.name if state.updated_by else None,
            at=state.updated_at,
            note=state.note,
            link=state.link,
            justification=state.justification,
            target_date=state.target_date,
            evidence=evidence,
        )

    closed_from = initiative.closed_from.value if initiative.closed_from else None
    gate = view.gate
    return InitiativeReport(
        name=initiative.name,
        region=initiative.region,
        sector=initiative.sector,
        model_version=initiative.model_version,
        phase=initiative.phase.value,
        closed_from=closed_from,
        phase_entered_at=initiative.phase_entered_at,
        as_of=as_of,
        gate=_gate(view.model, gate.allowed, gate.missing, gate.open_conditions),
        phases=_phases(view.model, initiative.phase.value, closed_from, line_of),
        reviews=tuple(_review_line(r) for r in view.reviews),
        transitions=tuple(_transition_line(t) for t in view.transitions),
    )


def _evidence_line(e: Evidence) -> EvidenceLine:
    name = e.file_name or e.url or e.note or ""
    note = e.note if e.note != name else None
    return EvidenceLine(e.kind, name, note, e.effective_on, e.expires_on, e.file_sha256)


def _review_line(r: GateReview) -> ReviewLine:
    conditions = tuple(ConditionLine(c.text, c.owner, c.due_on, c.closed_at) for c in r.conditions)
    by = r.decided_by.name if r.decided_by else None
    return ReviewLine(
        r.phase.value, r.outcome, by, r.decided_at, r.rationale, r.snapshot_sha256, conditions
    )


def _transition_line(t: Transition) -> TransitionLine:
    by = t.actor.name if t.actor else None
    return TransitionLine(
        t.created_at, t.trigger, t.from_phase.value, t.to_phase.value, by, t.reason
    )


def _when(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def report_from_export(export: Mapping[str, Any]) -> InitiativeReport:
    """The audit pack's report: from its `initiative.json`, people by e-mail, every piece
    of evidence (withdrawn ones marked)."""
    initiative = export["initiative"]
    model = get_model(initiative["model_version"])
    items = {entry["key"]: entry for entry in export["items"]}

    def line_of(item: Item) -> ItemLine:
        entry = items.get(item.key, {})
        evidence = tuple(
            EvidenceLine(
                kind=e["kind"],
                name=e["file_name"] or e["url"] or e["note"] or "",
                note=e["note"] if e["file_name"] or e["url"] else None,
                effective_on=date.fromisoformat(e["effective_on"]),
                expires_on=_day(e["expires_on"]),
                sha256=e["sha256"] if e["kind"] == EvidenceKind.FILE else None,
                withdrawn=e["withdrawn"],
            )
            for e in entry.get("evidence", ())
        )
        return ItemLine(
            item.text,
            item.required,
            entry.get("standing", Standing.OPEN.value),
            by=entry.get("updated_by"),
            at=_when(entry.get("updated_at")),
            note=entry.get("note"),
            link=entry.get("link"),
            justification=entry.get("justification"),
            evidence=evidence,
        )

    by_review: dict[int, list[ConditionLine]] = {}
    for c in export["conditions"]:
        line = ConditionLine(c["text"], c["owner"], date.fromisoformat(c["due_on"]),
                             _when(c["closed_at"]))  # fmt: skip
        by_review.setdefault(c["review_id"], []).append(line)
    gate = export["gate"]
    return InitiativeReport(
        name=initiative["name"],
        region=initiative["region"],
        sector=initiative["sector"],
        model_version=initiative["model_version"],
        phase=initiative["phase"],
        closed_from=initiative["closed_from"],
        phase_entered_at=_when(initiative["phase_entered_at"]),
        as_of=date.fromisoformat(export["as_of"]),
        gate=_gate(model, gate["allowed"], gate["missing"], gate["open_conditions"]),
        phases=_phases(model, initiative["phase"], initiative["closed_from"], line_of),
        reviews=tuple(
            ReviewLine(
                r["phase"],
                r["outcome"],
                r["decided_by"],
                _when(r["decided_at"]),
                r["rationale"],
                r["snapshot_sha256"],
                tuple(by_review.get(r["id"], ())),
            )
            for r in export["gate_reviews"]
        ),
        transitions=tuple(
            TransitionLine(
                datetime.fromisoformat(t["created_at"]),
                t["trigger"],
                t["from_phase"],
                t["to_phase"],
                t["actor"],
                t["reason"],
            )
            for t in export["transitions"]
        ),
    )
