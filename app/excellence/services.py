"""Use-cases for Cluster Excellence labels and the preparation for them: record a label,
add a readiness note, and read labels, the portfolio's lapsing labels and the readiness
page's view of what the tracker already knows."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from app import errors
from app.access import queries as access_queries
from app.actors import queries as actor_queries
from app.actors.queries import ActorFacts
from app.clock import local_today
from app.excellence import queries, rules
from app.excellence.rules import AREA_EVIDENCE, ReadinessArea
from app.grants import queries as grant_queries
from app.initiatives import queries as initiative_queries
from app.models.accounts import User
from app.models.evidence import Evidence
from app.models.excellence import ClusterLabel, ReadinessNote
from app.models.initiatives import Initiative
from app.phases import Item, get_model
from app.portfolio import queries as portfolio_queries
from app.portfolio.queries import Scope
from app.portfolio.rules import PortfolioFilters
from app.records import audit_record, initiative_to_record_on, invalid_input
from app.support import queries as support_queries
from app.support.queries import Totals
from app.support.rules import SupportKind
from app.uow import unit_of_work


def _evidence_ids(session: Session, initiative_id: int) -> set[int]:
    return {e.id for e in queries.usable_evidence(session, initiative_id)}


def may_write_notes(session: Session, user: User, initiative_id: int) -> bool:
    member = access_queries.is_member(session, initiative_id=initiative_id, user_id=user.id)
    return rules.may_write_notes(user.role, is_member=member)


@unit_of_work
def record_label(
    session: Session, *, user: User, initiative_id: int, raw: Mapping[str, Any]
) -> ClusterLabel:
    """NotFound if the user may not see the initiative, Forbidden unless support or admin,
    InvalidInput naming the field."""
    initiative = initiative_to_record_on(
        session, user, initiative_id,
        allowed=rules.may_record_label(user.role),
        refusal=errors.Forbidden(
            "Only support officers and admins record Cluster Excellence labels.",
            code="may_not_record_label",
        ),
    )  # fmt: skip
    try:
        data = rules.validate_label(
            raw, today=local_today(), evidence_ids=_evidence_ids(session, initiative.id)
        )
    except rules.InvalidLabel as bad:
        raise invalid_input(bad) from bad
    # The checked fields are the row's columns, and what its audit entry records.
    label = audit_record(
        session,
        ClusterLabel(initiative_id=initiative.id, created_by_id=user.id, **asdict(data)),
        actor=user, action="label.record", target_type="cluster_label",
        initiative=initiative, after=asdict(data),
    )  # fmt: skip
    session.refresh(label, ["created_by"])
    return label


@unit_of_work
def add_note(
    session: Session, *, user: User, initiative_id: int, raw: Mapping[str, Any]
) -> ReadinessNote:
    initiative = initiative_to_record_on(
        session, user, initiative_id,
        allowed=may_write_notes(session, user, initiative_id),
        refusal=errors.Forbidden(
            "Only the initiative's process leadership, support officers and admins add notes.",
            code="may_not_write_readiness_notes",
        ),
    )  # fmt: skip
    try:
        data = rules.validate_note(raw, evidence_ids=_evidence_ids(session, initiative.id))
    except rules.InvalidLabel as bad:
        raise invalid_input(bad) from bad
    return audit_record(
        session,
        ReadinessNote(initiative_id=initiative.id, created_by_id=user.id, **asdict(data)),
        actor=user, action="readiness_note.add", target_type="readiness_note",
        initiative=initiative, after=asdict(data),
    )  # fmt: skip


def labels_of(session: Session, *, user: User, initiative_id: int) -> Sequence[ClusterLabel]:
    initiative = initiative_queries.visible_initiative(session, user, initiative_id)
    return queries.labels(session, initiative.id)


def expiring_within(raw: str | None) -> int | None:
    try:
        return rules.expiring_within(raw)
    except rules.InvalidLabel as bad:
        raise invalid_input(bad) from bad


def portfolio_labels(
    session: Session, *, scope: Scope, chosen: PortfolioFilters, within_days: int | None
) -> list[tuple[ClusterLabel, Initiative]]:
    """The labels of the initiatives the user may see that pass the dashboard's filters."""
    ids = portfolio_queries.matching_ids(session, scope, chosen)
    return queries.expiring(session, ids, today=local_today(), within_days=within_days)


@dataclass
class AreaView:
    area: ReadinessArea
    notes: list[ReadinessNote]
    evidence: list[tuple[Item | None, Evidence]] = field(default_factory=list)


@dataclass
class GrantFacts:
    grants: int
    granted_sek: int
    cofinancing_sek: int


@dataclass
class ReadinessView:
    """What the tracker already knows, area by area, beside the group's notes."""

    initiative: Initiative
    today: date
    labels: Sequence[ClusterLabel]
    areas: list[AreaView]
    actors: ActorFacts
    members: int
    support: Totals
    support_by_kind: dict[SupportKind, Totals]
    grants: GrantFacts
    evidence: Sequence[Evidence]  # what a note or a label may point to
    may_write_notes: bool
    may_record_label: bool

    @property
    def evidence_by_id(self) -> dict[int, Evidence]:
        return {piece.id: piece for piece in self.evidence}


def readiness(session: Session, *, user: User, initiative_id: int) -> ReadinessView:
    """A fixed number of queries, whatever the initiative holds."""
    initiative = initiative_queries.visible_initiative(session, user, initiative_id)
    today = local_today()
    model = get_model(initiative.model_version)
    evidence = queries.usable_evidence(session, initiative.id)
    notes = queries.notes(session, initiative.id)
    areas = [AreaView(area, notes[area]) for area in ReadinessArea]
    wanted = {c: view for view in areas for c in AREA_EVIDENCE.get(view.area, ())}
    for piece in evidence:
        item = model.item(piece.item_key)
        if item is not None and item.category in wanted:
            wanted[item.category].evidence.append((item, piece))
    found = grant_queries.grants(session, initiative.id)
    granted, cofinancing = grant_queries.totals(found)
    return ReadinessView(
        initiative=initiative,
        today=today,
        labels=queries.labels(session, initiative.id),
        areas=areas,
        actors=actor_queries.facts(session, initiative.id, on=today),
        members=len(access_queries.members(session, initiative.id)),
        support=support_queries.totals(session, initiative.id),
        support_by_kind=support_queries.by_kind(session, initiative.id),
        grants=GrantFacts(len(found), granted, cofinancing),
        evidence=evidence,
        may_write_notes=may_write_notes(session, user, initiative.id),
        may_record_label=rules.may_record_label(user.role),
    )
