"""Use-cases for phase-model versions: preview and make an initiative's move to another one.

`move_initiative_to_version` is the one function that changes an initiative's
version: every write of a move happens there, in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import update as sql_update
from sqlalchemy.orm import Session

from app.domain.version_move import MoveImpact, can_move_version, move_impact
from app.errors import Conflict, Forbidden, InvalidInput
from app.initiatives import queries as initiative_queries
from app.initiatives.queries import visible_initiative
from app.initiatives.services import add_open_states
from app.models.accounts import User
from app.models.initiatives import Initiative, ModelVersionChange
from app.phases import PhaseModel, UnknownModelVersion, get_model, is_newer
from app.readiness.services import recompute as recompute_readiness
from app.records import record_audit
from app.uow import unit_of_work


@dataclass(frozen=True)
class MovePreview:
    initiative: Initiative
    old: PhaseModel
    new: PhaseModel
    impact: MoveImpact
    may_move: bool


def _target(initiative: Initiative, to_version: str) -> PhaseModel:
    try:
        new = get_model(to_version)
    except UnknownModelVersion:
        raise InvalidInput(
            "to_version", f"No published phase model {to_version!r}.", code="unknown_model_version"
        ) from None
    if new.version == initiative.model_version:
        raise InvalidInput(
            "to_version",
            f"The initiative already follows {new.version}.",
            code="same_model_version",
        )
    if not is_newer(new.version, initiative.model_version):
        raise InvalidInput(
            "to_version",
            f"{new.version} is older than {initiative.model_version}.",
            code="older_model_version",
        )
    return new


def preview_move(
    session: Session, *, actor: User, initiative_id: int, to_version: str
) -> MovePreview:
    """What moving would change for this initiative; anyone who sees it may look."""
    initiative = visible_initiative(session, actor, initiative_id)
    new = _target(initiative, to_version)
    old = get_model(initiative.model_version)
    states = initiative_queries.item_states(session, initiative.id)
    impact = move_impact(
        old,
        new,
        phase=initiative.phase,
        closed_from=initiative.closed_from,
        statuses={k: s.status for k, s in states.items()},
    )
    return MovePreview(initiative, old, new, impact, can_move_version(actor.role))


@unit_of_work
def move_initiative_to_version(
    session: Session,
    *,
    actor: User,
    initiative_id: int,
    to_version: str,
    expected_from_version: str,
) -> ModelVersionChange:
    """Pin the initiative to `to_version`, keeping every item state it has.

    States of removed items stay (read-only, shown with the text of the version
    they were recorded under); items the new version adds get an open state.
    Concurrency: the version is written with `WHERE model_version = <expected>`,
    so a stale form or a second, concurrent move gets Conflict.
    """
    initiative = visible_initiative(session, actor, initiative_id)
    if not can_move_version(actor.role):
        raise Forbidden(
            "Only support officers and admins move initiatives to a new model version.",
            code="may_not_move_version",
        )
    if expected_from_version != initiative.model_version:
        raise Conflict(
            f"The initiative follows {initiative.model_version}, not {expected_from_version}: "
            "reload the page.",
            code="stale_model_version",
        )
    preview = preview_move(session, actor=actor, initiative_id=initiative_id, to_version=to_version)
    now = datetime.now(UTC)
    moved = session.execute(
        sql_update(Initiative)
        .where(Initiative.id == initiative.id, Initiative.model_version == expected_from_version)
        # Not updated_at: a move is bookkeeping, not the initiative's work, so moving a
        # whole portfolio to a new version leaves every stalled flag as it was.
        .values(model_version=preview.new.version)
        .execution_options(synchronize_session=False)
    )
    if moved.rowcount != 1:  # type: ignore[attr-defined]
        raise Conflict(
            "The initiative moved to another model version meanwhile: reload.",
            code="stale_model_version",
        )
    existing = set(initiative_queries.item_states(session, initiative.id))
    # A key that comes back after a removal keeps its earlier state rather than a second row.
    fresh = [i for i in preview.impact.diff.added if i.key not in existing]
    add_open_states(session, initiative.id, preview.new.version, fresh)
    change = ModelVersionChange(
        initiative_id=initiative.id,
        from_version=expected_from_version,
        to_version=preview.new.version,
        actor_id=actor.id,
        created_at=now,
        diff={**preview.impact.diff.as_dict(), "impact": preview.impact.as_dict()},
    )
    session.add(change)
    session.flush()
    recompute_readiness(session, initiative.id)
    diff = preview.impact.diff
    record_audit(
        session, initiative, action="model_version.move", actor=actor,
        target=("initiative", initiative.id), before={"model_version": expected_from_version},
        after={
            "model_version": preview.new.version,
            "added": [i.key for i in diff.added],
            "removed": [i.key for i in diff.removed],
            "changed": [c.key for c in diff.changed],
        },
        at=now,
    )  # fmt: skip
    session.refresh(initiative)
    return change
