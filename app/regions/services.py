"""Admins add and rename regions; a rename moves every initiative in it along."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.orm import Session

from app.domain.permissions import Role
from app.domain.text import required_text
from app.errors import Conflict, Forbidden, InvalidInput, NotFound
from app.models.accounts import User
from app.models.admin import Region
from app.models.initiatives import Initiative
from app.records import record_audit
from app.regions import queries
from app.uow import unit_of_work

REGION_MAX = 120


def _admins_only(actor: User | None) -> None:
    if actor is not None and actor.role is not Role.ADMIN:
        raise Forbidden("Only admins manage people and regions.", code="admins_only")


def check_listed(session: Session, region: str) -> None:
    """An initiative is placed in a region of the admins' list, never a typed one. Before
    admins keep any list (a fresh installation) the region is taken as given, as the
    page's form then asks for it in a text field."""
    listed = queries.names(session)
    if listed and region.strip() not in listed:
        raise InvalidInput("region", "Choose a region from the list.", code="unknown_region")


@unit_of_work
def add_region(session: Session, *, actor: User | None, name: str) -> Region:
    """A new region (actor None: the console, run by whoever runs the server)."""
    _admins_only(actor)
    name = required_text("name", name, REGION_MAX)
    if queries.by_name(session, name) is not None:
        raise Conflict(f"The region {name} exists already.", code="region_taken")
    region = Region(name=name)
    session.add(region)
    session.flush()
    target = ("region", region.id)
    record_audit(
        session, None, action="region.add", actor=actor, target=target, after={"name": name}
    )
    return region


@unit_of_work
def rename_region(session: Session, *, actor: User | None, region_id: int, name: str) -> Region:
    _admins_only(actor)
    region = session.get(Region, region_id)
    if region is None:
        raise NotFound(f"No region {region_id}.")
    name = required_text("name", name, REGION_MAX)
    before = region.name
    if name == before:
        return region
    if queries.by_name(session, name) is not None:
        raise Conflict(f"The region {name} exists already.", code="region_taken")
    region.name = name
    # The initiatives in it keep their place under the new name.
    session.execute(update(Initiative).where(Initiative.region == before).values(region=name))
    record_audit(
        session, None, action="region.rename", actor=actor, target=("region", region.id),
        before={"name": before}, after={"name": name},
    )  # fmt: skip
    return region
