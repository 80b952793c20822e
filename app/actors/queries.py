"""Queries about actors: the register, the facts beside checklist items, members over time."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from sqlalchemy import (
    ColumnElement,
    Date,
    Select,
    and_,
    bindparam,
    case,
    func,
    literal,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from app.actors.vocabulary import COMPANY_TYPES, ActorType, HelixSide
from app.models.actors import Actor


def actors(session: Session, initiative_id: int) -> Sequence[Actor]:
    """Every membership period: current members first, then by name and joining date."""
    return session.scalars(
        select(Actor)
        .where(Actor.initiative_id == initiative_id)
        .order_by(Actor.left_on.is_not(None), func.lower(Actor.name), Actor.joined_on, Actor.id)
    ).all()


def get_actor(session: Session, *, initiative_id: int, actor_id: int) -> Actor | None:
    return session.scalar(
        select(Actor).where(Actor.id == actor_id, Actor.initiative_id == initiative_id)
    )


def _active(on: date | ColumnElement[date]) -> object:
    return and_(Actor.joined_on <= on, or_(Actor.left_on.is_(None), Actor.left_on > on))


def periods_of(
    session: Session, *, initiative_id: int, names: Sequence[str], numbers: Sequence[str]
) -> Sequence[Actor]:
    """Every membership period, past or current, with one of these names (any case) or numbers."""
    lowered = [n.lower() for n in names]
    return session.scalars(
        select(Actor).where(
            Actor.initiative_id == initiative_id,
            or_(func.lower(Actor.name).in_(lowered), Actor.organisation_number.in_(numbers)),
        )
    ).all()


@dataclass
class ActorFacts:
    """What the register says on a given day, for the items it informs."""

    on: date
    active: int = 0
    companies: int = 0
    joined: int = 0  # membership periods ever begun
    left: int = 0  # membership periods ended
    by_side: dict[HelixSide, int] = field(default_factory=lambda: dict.fromkeys(HelixSide, 0))
    by_type: dict[ActorType, int] = field(default_factory=lambda: dict.fromkeys(ActorType, 0))


def facts(session: Session, initiative_id: int, *, on: date) -> ActorFacts:
    """One query, grouped by type and side."""
    rows = session.execute(_facts(), {"initiative_id": initiative_id, "on": on})
    result = ActorFacts(on=on)
    for kind, side, n_active, n_joined, n_left in rows:
        n_active = int(n_active or 0)
        result.active += n_active
        result.by_side[side] += n_active
        result.by_type[kind] += n_active
        if kind in COMPANY_TYPES:
            result.companies += n_active
        result.joined += int(n_joined)
        result.left += int(n_left or 0)
    return result


@cache
def _facts() -> Select[ActorType, HelixSide, int, int, int]:
    # Built once, the initiative and the day bound: the initiative page and its item
    # saves ask (app.initiatives.queries says why).
    on = bindparam("on", type_=Date)
    active = case((_active(on), 1), else_=0)  # type: ignore[arg-type]
    left = case((and_(Actor.left_on.is_not(None), Actor.left_on <= on), 1), else_=0)
    return (
        select(Actor.type, Actor.helix_side, func.sum(active), func.count(), func.sum(left))
        .where(Actor.initiative_id == bindparam("initiative_id"), Actor.joined_on <= on)
        .group_by(Actor.type, Actor.helix_side)
    )


def member_counts(session: Session, initiative_id: int) -> list[tuple[date, int]]:
    """The number of members from each date on where it changed: one query, summed in SQL."""
    joins = select(Actor.joined_on.label("day"), literal(1).label("delta")).where(
        Actor.initiative_id == initiative_id
    )
    leaves = select(Actor.left_on.label("day"), literal(-1).label("delta")).where(
        Actor.initiative_id == initiative_id, Actor.left_on.is_not(None)
    )
    events = union_all(joins, leaves).subquery()
    per_day = (
        select(events.c.day.label("day"), func.sum(events.c.delta).label("change"))
        .group_by(events.c.day)
        .subquery()
    )
    running = func.sum(per_day.c.change).over(order_by=per_day.c.day)
    rows = session.execute(select(per_day.c.day, running).order_by(per_day.c.day))
    return [(day, int(count)) for day, count in rows]
