"""Evidence use-cases: attach a piece to a further item of its initiative, and detach it.

One action plan serves the events, results and leadership items that ask for it: it is
uploaded once, attached to the others, and counts (and expires) for each.
"""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.clock import utc_now
from app.errors import Conflict, InvalidInput, NotFound
from app.evidence.services import editable_item
from app.initiatives.queries import visible_initiative
from app.models.accounts import User
from app.models.evidence import Evidence, EvidenceLink
from app.models.initiatives import Initiative
from app.phases import Item, get_model
from app.readiness.services import recompute as recompute_readiness
from app.records import record_audit
from app.uow import locked, unit_of_work


def _piece(session: Session, actor: User, initiative: Initiative, evidence_id: int) -> Evidence:
    """The piece, locked (attachments and a withdrawal of one piece go one at a time), if
    the actor may see it; a piece of another initiative is refused as input."""
    row = locked(session, Evidence, evidence_id)
    if row is None:
        raise NotFound(f"No evidence {evidence_id}.", code="unknown_evidence")
    if row.initiative_id != initiative.id:
        visible_initiative(session, actor, row.initiative_id)  # NotFound unless it may see it
        raise InvalidInput(
            "evidence_id",
            f"Evidence {evidence_id} belongs to another initiative.",
            code="evidence_of_other_initiative",
        )
    return row


def _item(initiative: Initiative, key: str) -> Item:
    """The item of the initiative's model that `key` names, as input (422, not 404)."""
    item = get_model(initiative.model_version).item(key) if key else None
    if item is None:
        raise InvalidInput(
            "item_key",
            f"No item {key!r} in {initiative.model_version}.",
            code="unknown_item",
        )
    return item


@unit_of_work
def attach_evidence(
    session: Session, *, actor: User, initiative_id: int, evidence_id: int, key: str
) -> EvidenceLink:
    """Let a piece also serve `key`: permitted as adding evidence to that item is."""
    initiative = visible_initiative(session, actor, initiative_id)
    key = (key or "").strip()
    row = _piece(session, actor, initiative, evidence_id)
    _item(initiative, key)
    _, item = editable_item(session, actor, initiative.id, key, field="item_key")
    if row.withdrawn_at is not None:
        raise Conflict("This evidence is withdrawn.", code="evidence_already_withdrawn")
    taken = session.scalar(
        select(EvidenceLink.id).where(
            EvidenceLink.evidence_id == row.id, EvidenceLink.item_key == key
        )
    )
    if key == row.item_key or taken is not None:
        raise Conflict(
            f"Evidence {row.id} already serves {key!r}.", code="evidence_already_attached"
        )
    link = EvidenceLink(
        evidence_id=row.id,
        initiative_id=initiative.id,
        item_key=key,
        attached_by_id=actor.id,
        attached_at=utc_now(),
    )
    session.add(link)
    session.flush()  # a concurrent attachment of the same pair is a 409 (its unique key)
    recompute_readiness(session, initiative.id, phase=item.phase)
    record_audit(
        session, initiative, action="evidence.attach", actor=actor, target=("evidence", row.id),
        after={"item": key, "own_item": row.item_key},
    )  # fmt: skip
    return link


@unit_of_work
def detach_evidence(
    session: Session, *, actor: User, initiative_id: int, evidence_id: int, key: str
) -> None:
    """Let a piece no longer serve `key`, an item it was attached to (its own item keeps
    it until it is withdrawn)."""
    initiative = visible_initiative(session, actor, initiative_id)
    row = _piece(session, actor, initiative, evidence_id)
    _item(initiative, key)
    _, item = editable_item(session, actor, initiative.id, key, field="item_key", taking=False)
    if key == row.item_key:
        raise Conflict(
            "A piece stays with the item it was added to: withdraw it instead.",
            code="evidence_own_item",
        )
    gone = session.execute(
        delete(EvidenceLink)
        .where(EvidenceLink.evidence_id == row.id, EvidenceLink.item_key == key)
        .execution_options(synchronize_session=False)
    )
    if not gone.rowcount:  # type: ignore[attr-defined]
        raise NotFound(f"Evidence {row.id} is not attached to {key!r}.", code="not_attached")
    recompute_readiness(session, initiative.id, phase=item.phase)
    record_audit(
        session, initiative, action="evidence.detach", actor=actor, target=("evidence", row.id),
        before={"item": key, "own_item": row.item_key},
    )  # fmt: skip
