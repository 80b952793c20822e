"""Portfolio use-cases that write: region settings, target dates, the digest opt-out."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import audit, repositories
from app.db import begin_write
from app.domain.deadlines import may_set_target_date
from app.domain.permissions import Role
from app.models import Initiative, ItemState, RegionSetting, User
from app.phases import get_model
from app.portfolio.scores import stalled_thresholds
from app.portfolio.visibility import restrict_visible
from app.services import Forbidden, InvalidInput, NotFound, visible_initiative

STALLED_DAYS_MAX = 3650


def may_manage_regions(user: User) -> bool:
    return user.role in {Role.ADMIN, Role.SUPPORT}


def set_stalled_after_days(session: Session, *, actor: User, region: str, days: int) -> None:
    if not may_manage_regions(actor):
        raise Forbidden("Only support officers and admins change region settings.")
    region = region.strip()
    if not region or len(region) > 120:
        raise InvalidInput("region", "Give a region (at most 120 characters).")
    if not 1 <= days <= STALLED_DAYS_MAX:
        raise InvalidInput(
            "stalled_after_days", f"Give a number of days from 1 to {STALLED_DAYS_MAX}."
        )
    begin_write(session)
    setting = session.get(RegionSetting, region)
    before = None if setting is None else {"stalled_after_days": setting.stalled_after_days}
    if setting is None:
        session.add(RegionSetting(region=region, stalled_after_days=days))
    else:
        setting.stalled_after_days = days
        setting.updated_at = datetime.now(UTC)
    audit.record(
        session, actor=actor, action="region.stalled_after_days", target_type="region",
        target_id=region, before=before, after={"stalled_after_days": days},
    )  # fmt: skip
    session.commit()


def region_settings(
    session: Session, *, default_days: int, user: User
) -> list[tuple[str, int, bool]]:
    """Every region (with initiatives or settings): (region, days, whether it is the default)."""
    regions = set(session.scalars(restrict_visible(select(Initiative.region).distinct(), user)))
    custom = stalled_thresholds(session)
    regions |= set(custom)
    return [(r, custom.get(r, default_days), r not in custom) for r in sorted(regions)]


def set_target_date(
    session: Session, *, actor: User, initiative_id: int, key: str, target: date | None
) -> ItemState:
    begin_write(session)
    initiative = visible_initiative(session, actor, initiative_id)
    item = get_model(initiative.model_version).item(key)
    if item is None:
        raise NotFound(f"No item {key!r}.")
    member = repositories.is_member(session, initiative_id=initiative.id, user_id=actor.id)
    if not may_set_target_date(actor.role, is_member=member, item=item, phase=initiative.phase):
        raise Forbidden(
            "Target dates are set on result items of the current or a later phase, "
            "by support officers, admins and the initiative's leadership group."
        )
    state = repositories.get_item_state(session, initiative_id=initiative.id, key=key)
    if state is None:
        state = ItemState(initiative_id=initiative.id, item_key=key)
        session.add(state)
    before = state.target_date
    state.target_date = target
    audit.record(
        session, actor=actor, action="item.target_date", target_type="item", target_id=key,
        initiative_id=initiative.id, phase=initiative.phase.value,
        before={"target_date": before.isoformat() if before else None},
        after={"target_date": target.isoformat() if target else None},
    )  # fmt: skip
    session.commit()
    return state


def set_digest_opt_out(session: Session, *, actor: User, opt_out: bool) -> None:
    begin_write(session)
    actor.digest_opt_out = opt_out
    session.commit()
