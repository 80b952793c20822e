"""Renaming an initiative and moving it to another region or sector (support officers
and admins; audited)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.domain import permissions
from app.domain.text import required_text
from app.errors import Forbidden, InvalidInput, NotFound
from app.models.accounts import User
from app.models.initiatives import Initiative
from app.records import record_audit
from app.regions import queries as region_queries
from app.uow import unit_of_work

NAME_MAX, SECTOR_MAX = 200, 120


@unit_of_work
def edit_initiative(
    session: Session, *, actor: User, initiative_id: int, name: str, region: str, sector: str
) -> Initiative:
    if not permissions.can_create_initiative(actor.role):
        raise Forbidden("Only support officers and admins edit initiatives.", code="may_not_edit")
    initiative = session.get(Initiative, initiative_id)
    if initiative is None:
        raise NotFound(f"No initiative {initiative_id}.")
    name = required_text("name", name, NAME_MAX)
    region = region.strip()
    # Chosen from the admins' list; an initiative may keep a region from before the list.
    if region != initiative.region and region not in region_queries.names(session):
        raise InvalidInput("region", "Choose a region from the list.", code="unknown_region")
    new_sector = sector.strip()[:SECTOR_MAX] or None
    before = {"name": initiative.name, "region": initiative.region, "sector": initiative.sector}
    after = {"name": name, "region": region, "sector": new_sector}
    changed = {key for key in after if after[key] != before[key]}
    if not changed:
        return initiative
    initiative.name, initiative.region, initiative.sector = name, region, new_sector
    # Dated in no phase: by the initiative's id alone.
    record_audit(
        session,
        initiative.id,
        action="initiative.edit",
        actor=actor,
        target=("initiative", initiative.id),
        before={key: before[key] for key in sorted(changed)},
        after={key: after[key] for key in sorted(changed)},
    )
    return initiative
