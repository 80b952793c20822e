"""The regions admins keep: what initiatives are placed in, chosen from a list."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.admin import Region


def all_regions(session: Session) -> list[Region]:
    return list(session.scalars(select(Region).order_by(Region.name)))


def names(session: Session) -> list[str]:
    return list(session.scalars(select(Region.name).order_by(Region.name)))


def by_name(session: Session, name: str) -> Region | None:
    return session.scalar(select(Region).where(Region.name == name.strip()))
