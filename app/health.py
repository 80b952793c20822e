"""Readiness: the database answers and its schema is at the migrations' head, so this
process can serve. (Liveness, /healthz, needs no database at all.)"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from app import migrate


@dataclass(frozen=True)
class Readiness:
    ready: bool
    reason: str | None  # "database_unavailable" or "migrations_pending" when not ready
    revision: str | None
    head: str | None

    def as_dict(self) -> dict[str, object]:
        return {
            "status": "ready" if self.ready else "not_ready",
            "reason": self.reason,
            "revision": self.revision,
            "head": self.head,
        }


@cache
def head_revision() -> str | None:
    return ScriptDirectory.from_config(migrate.alembic_config("")).get_current_head()


def readiness(sessions: sessionmaker[Session]) -> Readiness:
    head = head_revision()
    try:
        with sessions() as session:
            session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        return Readiness(False, "database_unavailable", None, head)
    try:
        with sessions() as session:
            revision = session.scalar(text("SELECT version_num FROM alembic_version"))
    except SQLAlchemyError:  # no version table: never migrated
        revision = None
    if revision != head:
        return Readiness(False, "migrations_pending", revision, head)
    return Readiness(True, None, revision, head)
