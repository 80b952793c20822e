"""Portfolio use-cases that write: region settings, target dates, the digest opt-out."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy.orm import Session

from app.access import queries as access_queries
from app.domain.deadlines import may_set_target_date
from app.errors import Forbidden, NotFound
from app.initiatives import queries as initiative_queries
from app.initiatives.queries import visible_initiative
from app.models.accounts import User
from app.models.initiatives import ItemState
from app.models.portfolio import RegionSetting
from app.phases import get_model
from app.portfolio.rules import may_manage_regions, region_setting
from app.records import record_audit
from app.uow import unit_of_work


@unit_of_work
def set_stalled_after_days(session: Session, *, actor: User, region: str, days: int) -> None:
    if not may_manage_regions(actor.role):
        raise Forbidden("Only support officers and admins change region settings.")
    region = region_setting(region, days)
    setting = session.get(RegionSetting, region)
    before = None if setting is None else {"stalled_after_days": setting.stalled_after_days}
    if setting is None:
        session.add(RegionSetting(region=region, stalled_after_days=days))
    else:
        setting.stalled_after_days = days
        setting.updated_at = datetime.now(UTC)
    record_audit(
        session, None, action="region.stalled_after_days", actor=actor, target=("region", region),
        before=before, after={"stalled_after_days": days},
    )  # fmt: skip


@unit_of_work
def set_target_date(
    session: Session, *, actor: User, initiative_id: int, key: str, target: date | None
) -> ItemState:
    initiative = visible_initiative(session, actor, initiative_id)
    item = get_model(initiative.model_version).item(key)
    if item is None:
        raise NotFound(f"No item {key!r}.")
    member = access_queries.is_member(session, initiative_id=initiative.id, user_id=actor.id)
    if not may_set_target_date(actor.role, is_member=member, item=item, phase=initiative.phase):
        raise Forbidden(
            "Target dates are set on result items of the current or a later phase, "
            "by support officers, admins and the initiative's leadership group."
        )
    state = initiative_queries.get_item_state(session, initiative_id=initiative.id, key=key)
    if state is None:
        state = ItemState(initiative_id=initiative.id, item_key=key)
        session.add(state)
    before = state.target_date
    state.target_date = target
    record_audit(
        session, initiative, action="item.target_date", actor=actor, target=("item", key),
        before={"target_date": before.isoformat() if before else None},
        after={"target_date": target.isoformat() if target else None},
    )  # fmt: skip
    return state


@unit_of_work
def set_digest_opt_out(session: Session, *, actor: User, opt_out: bool) -> None:
    actor.digest_opt_out = opt_out
