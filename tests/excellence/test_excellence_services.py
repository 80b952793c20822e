"""Cluster Excellence use-cases on both databases: labels and readiness notes (audited,
refused whole), the portfolio's lapsing labels, and what the readiness page knows."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import errors
from app.actors import services as actor_services
from app.clock import local_today
from app.evidence import services as evidence_services
from app.evidence.storage import BlobStore
from app.excellence import services
from app.excellence.rules import LabelLevel, ReadinessArea
from app.initiatives import services as initiatives
from app.models.access import Funding
from app.models.excellence import ClusterLabel, ReadinessNote
from app.models.initiatives import Initiative
from app.phases import Category
from app.portfolio.queries import Scope, portfolio_page
from app.portfolio.rules import PortfolioFilters
from app.support import services as support
from tests.conftest import People
from tests.support.helpers import entries, into_initiation, other_key


def _piece(session: Session, people: People, initiative: Initiative, key: str) -> int:
    piece = evidence_services.add_evidence(
        session, actor=people.leader, initiative_id=initiative.id, key=key,
        new=evidence_services.NewEvidence("link", url="https://example.se/esca-rapport.pdf",
                                          note="Bedömningsrapport"),
        store=BlobStore(None), max_bytes=1_000_000,
    )  # fmt: skip
    return piece.id


def _label(**raw: object) -> dict[str, object]:
    return {"level": "bronze", "awarded_on": "2025-03-12", "assessing_organisation": "ESCA",
            **raw}  # fmt: skip


def _scope(people: People, who: str) -> Scope:
    return Scope(user=getattr(people, who), now=datetime.now(UTC), default_stalled_days=30)


def test_a_label_is_stored_with_its_report_and_audited(
    session: Session, people: People, initiative: Initiative
) -> None:
    into_initiation(session, people, initiative)
    report = _piece(session, people, initiative, other_key(initiative, Category.RESULTS))
    label = services.record_label(
        session, user=people.support, initiative_id=initiative.id,
        raw=_label(evidence_id=report),
    )  # fmt: skip
    assert (label.level, label.valid_until, label.evidence_id) == (
        LabelLevel.BRONZE, date(2027, 3, 12), report,
    )  # fmt: skip
    [entry] = entries(session, initiative.id, "label.record")
    assert entry.target_type == "cluster_label" and entry.after == {
        "level": "bronze", "awarded_on": "2025-03-12", "valid_until": "2027-03-12",
        "assessing_organisation": "ESCA", "evidence_id": report,
    }  # fmt: skip
    assert [x.id for x in services.labels_of(
        session, user=people.funder, initiative_id=initiative.id)] == [label.id]  # fmt: skip


def test_the_report_must_be_this_initiatives_evidence_in_force(
    session: Session, people: People, initiative: Initiative
) -> None:
    other = initiatives.create_initiative(
        session, actor=people.support, name="Annan", region="Skåne"
    )
    into_initiation(session, people, initiative)
    into_initiation(session, people, other)
    key = other_key(initiative, Category.RESULTS)
    foreign = evidence_services.add_evidence(
        session, actor=people.admin, initiative_id=other.id, key=key,
        new=evidence_services.NewEvidence("note", note="Fel initiativ"),
        store=BlobStore(None), max_bytes=1,
    )  # fmt: skip
    withdrawn = _piece(session, people, initiative, key)
    evidence_services.withdraw_evidence(
        session, actor=people.leader, evidence_id=withdrawn, reason="Fel fil"
    )
    for evidence_id in (foreign.id, withdrawn, 10**6):
        with pytest.raises(errors.InvalidInput) as refused:
            services.record_label(
                session, user=people.admin, initiative_id=initiative.id,
                raw=_label(evidence_id=evidence_id),
            )  # fmt: skip
        assert (refused.value.field, refused.value.code) == ("evidence_id", "unknown_evidence")
    assert session.scalar(select(func.count()).select_from(ClusterLabel)) == 0


@pytest.mark.parametrize("who", ["leader", "funder"])
def test_only_support_and_admins_record_labels(
    session: Session, people: People, initiative: Initiative, who: str
) -> None:
    with pytest.raises(errors.Forbidden):
        services.record_label(
            session, user=getattr(people, who), initiative_id=initiative.id, raw=_label()
        )
    with pytest.raises(errors.NotFound):
        services.record_label(
            session, user=people.outsider, initiative_id=initiative.id, raw=_label()
        )
    assert entries(session, initiative.id, "label.record") == []


def test_the_group_adds_notes_funders_read_them(
    session: Session, people: People, initiative: Initiative
) -> None:
    for who in ("leader", "support", "admin"):
        services.add_note(
            session, user=getattr(people, who), initiative_id=initiative.id,
            raw={"area": "financing", "text": f"Från {who}"},
        )  # fmt: skip
    with pytest.raises(errors.Forbidden) as refused:
        services.add_note(
            session, user=people.funder, initiative_id=initiative.id,
            raw={"area": "financing", "text": "Nej"},
        )  # fmt: skip
    assert refused.value.code == "may_not_write_readiness_notes"
    with pytest.raises(errors.InvalidInput):
        services.add_note(
            session, user=people.leader, initiative_id=initiative.id,
            raw={"area": "points", "text": "Nej"},
        )  # fmt: skip
    assert len(entries(session, initiative.id, "readiness_note.add")) == 3
    assert session.scalar(select(func.count()).select_from(ReadinessNote)) == 3
    view = services.readiness(session, user=people.funder, initiative_id=initiative.id)
    notes = {a.area: [n.text for n in a.notes] for a in view.areas}
    assert notes[ReadinessArea.FINANCING] == ["Från admin", "Från support", "Från leader"]
    assert not view.may_write_notes and not view.may_record_label


def test_the_readiness_view_gathers_what_the_tracker_knows(
    session: Session, people: People, initiative: Initiative
) -> None:
    actor_services.add_actor(
        session, user=people.leader, initiative_id=initiative.id,
        data=actor_services.validated({"name": "Väveriet AB", "region": "VG", "type": "sme",
                                       "joined_on": "2026-01-01"}),
    )  # fmt: skip
    support.record_activity(
        session, user=people.support, initiative_id=initiative.id,
        raw={"on": "2026-02-01", "kind": "training", "hours": "7.5", "cost_sek": 9000},
    )  # fmt: skip
    into_initiation(session, people, initiative)
    results_piece = _piece(session, people, initiative, other_key(initiative, Category.RESULTS))
    view = services.readiness(session, user=people.leader, initiative_id=initiative.id)
    assert [a.area for a in view.areas] == list(ReadinessArea)
    assert view.actors.active == 1 and view.members == 1
    assert (view.support.activities, view.support.cost_sek) == (1, 9000)
    assert list(view.support_by_kind) == ["training"]
    assert (view.grants.grants, view.grants.granted_sek) == (0, 0)
    by_area = {a.area: [e.id for _, e in a.evidence] for a in view.areas}
    assert by_area[ReadinessArea.ACHIEVEMENTS] == [results_piece]
    assert by_area[ReadinessArea.STRUCTURE] == [] and by_area[ReadinessArea.SERVICES] == []
    assert view.may_write_notes and not view.may_record_label


def test_the_portfolio_lists_labels_lapsing_soon_and_rows_show_the_one_in_force(
    session: Session, people: People, initiative: Initiative
) -> None:
    today = local_today()
    other = initiatives.create_initiative(
        session, actor=people.support, name="Rymdnoden", region="Norrbotten"
    )
    hidden = initiatives.create_initiative(
        session, actor=people.support, name="Skognoden", region="Värmland"
    )
    session.add(Funding(initiative_id=other.id, user_id=people.funder.id))
    session.commit()
    for target, level, awarded, until in [
        (initiative, "bronze", today - timedelta(days=700), today + timedelta(days=30)),
        (other, "silver", today - timedelta(days=100), today + timedelta(days=600)),
        (hidden, "gold", today - timedelta(days=100), today + timedelta(days=10)),
        (other, "bronze", today - timedelta(days=900), today - timedelta(days=1)),
    ]:
        services.record_label(
            session, user=people.support, initiative_id=target.id,
            raw=_label(level=level, awarded_on=awarded.isoformat(),
                       valid_until=until.isoformat()),
        )  # fmt: skip
    soon = services.portfolio_labels(
        session, scope=_scope(people, "funder"), chosen=PortfolioFilters(), within_days=60
    )
    assert [(i.name, label.level) for label, i in soon] == [("Textilnoden", "bronze")]
    every = services.portfolio_labels(
        session, scope=_scope(people, "support"), chosen=PortfolioFilters(), within_days=None
    )
    assert [i.name for _, i in every] == ["Rymdnoden", "Skognoden", "Textilnoden", "Rymdnoden"]
    rows = {
        r.name: (r.label_level, r.label_valid_until)
        for r in portfolio_page(session, _scope(people, "support"), PortfolioFilters()).rows
    }
    assert rows["Textilnoden"] == (LabelLevel.BRONZE, today + timedelta(days=30))
    assert rows["Rymdnoden"] == (LabelLevel.SILVER, today + timedelta(days=600))
