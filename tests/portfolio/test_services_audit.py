"""The portfolio's own use-cases leave their audit entries, like every other change."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.audit import log as audit_log
from app.models.audit import AuditEntry
from app.models.initiatives import Initiative
from app.phases import Category, Phase, get_model
from app.portfolio import services
from tests.conftest import People

MODEL = get_model()


def last_entry(session: Session) -> AuditEntry:
    entry = session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1)).first()
    assert entry is not None
    return entry


def test_a_target_date_is_audited(session: Session, people: People, initiative: Initiative) -> None:
    key = next(
        i.key for i in MODEL.required_items(Phase.INITIATION) if i.category is Category.RESULTS
    )
    services.set_target_date(
        session, actor=people.leader, initiative_id=initiative.id, key=key, target=date(2027, 3, 1)
    )
    entry = last_entry(session)
    assert (entry.action, entry.target_id, entry.initiative_id) == (
        "item.target_date", key, initiative.id,
    )  # fmt: skip
    assert entry.before == {"target_date": None}
    assert entry.after == {"target_date": "2027-03-01"}
    services.set_target_date(
        session, actor=people.support, initiative_id=initiative.id, key=key, target=None
    )
    assert last_entry(session).before == {"target_date": "2027-03-01"}
    assert audit_log.verify(session).ok


def test_a_region_threshold_is_audited(session: Session, people: People) -> None:
    services.set_stalled_after_days(session, actor=people.support, region=" Skåne ", days=45)
    services.set_stalled_after_days(session, actor=people.admin, region="Skåne", days=60)
    entry = last_entry(session)
    assert (entry.action, entry.target_type, entry.target_id) == (
        "region.stalled_after_days", "region", "Skåne",
    )  # fmt: skip
    assert entry.before == {"stalled_after_days": 45}
    assert entry.after == {"stalled_after_days": 60}
