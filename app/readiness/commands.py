"""`klusterfas db check`: recompute the stored readiness from the item states and say
where it differs (exit 1 when it does)."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from app.clock import today
from app.readiness.queries import check


def check_command(sessions: sessionmaker[Session], *, limit: int = 50) -> int:
    with sessions() as session:
        problems = list(check(session, today()))
    for line in problems[:limit]:
        print(line)
    if len(problems) > limit:
        print(f"… and {len(problems) - limit} more")
    if problems:
        print(f"stored readiness: {len(problems)} differences (repair: recompute_all)")
        return 1
    print("stored readiness: consistent with the item states")
    return 0
