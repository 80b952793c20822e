"""Which audit key the console script uses, and the one case where it makes one.

The key is KLUSTERFAS_AUDIT_KEY, else the file KLUSTERFAS_AUDIT_KEY_FILE names, else
./.klusterfas-audit-key (app/config.py). When none is there, a new key is created in
the working directory only for a database whose audit chain has not begun (a first
`klusterfas demo` or `serve`); for a database that already has a chain it is refused,
since no new key could continue that chain. A key that is there but is not the
chain's is refused by its fingerprint (app/audit/log.py) at the first write or check.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from sqlalchemy import inspect

from app.audit import log as audit_log
from app.config import Settings, create_local_audit_key
from app.db import make_engine, make_sessionmaker


class AuditKeyRefused(RuntimeError):
    pass


def _chain_started(database_url: str) -> bool:
    engine = make_engine(database_url)
    try:
        if not inspect(engine).has_table("audit_head"):
            return False  # not migrated yet: nothing was ever recorded
        with make_sessionmaker(engine)() as session:
            return audit_log.chain_started(session)
    finally:
        engine.dispose()


def resolve(settings: Settings) -> tuple[Settings, Path | None]:
    """`settings` with an audit key, and the path of a key created just now (or None)."""
    if settings.audit_key:
        return settings, None
    if _chain_started(settings.database_url):
        raise AuditKeyRefused(
            "no audit key: set KLUSTERFAS_AUDIT_KEY or KLUSTERFAS_AUDIT_KEY_FILE, or run "
            "from the directory that holds .klusterfas-audit-key. This database already "
            "has an audit chain, so a new key was NOT created: it could not continue it."
        )
    key, path = create_local_audit_key()
    return dataclasses.replace(settings, audit_key=key), path
