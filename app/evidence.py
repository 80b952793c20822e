"""Evidence use-cases: add a note, a link or a document to an item; withdraw a piece."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from app import audit, repositories
from app.db import begin_write
from app.domain import permissions
from app.domain.evidence import RejectedUpload, check_upload
from app.domain.items import LINK_MAX, NOTE_MAX, is_http_url
from app.models import Evidence, Initiative, User
from app.phases import Item, get_model
from app.services import Conflict, Forbidden, InvalidInput, NotFound, today, utc_now
from app.services import visible_initiative as _visible
from app.storage import BlobStore

FILE_NAME_MAX = 255


@dataclass(frozen=True)
class NewEvidence:
    kind: str  # note, link or file
    note: str | None = None
    url: str | None = None
    file_name: str | None = None
    data: bytes | None = None
    effective_on: date | None = None
    expires_on: date | None = None


def _editable_item(
    session: Session, actor: User, initiative_id: int, key: str
) -> tuple[Initiative, Item]:
    initiative = _visible(session, actor, initiative_id)
    item = get_model(initiative.model_version).item(key)
    if item is None:
        raise NotFound(f"No item {key!r} in {initiative.model_version}.")
    member = repositories.is_member(session, initiative_id=initiative.id, user_id=actor.id)
    if not permissions.can_edit_item(actor.role, item.category, is_member=member):
        raise Forbidden(f"Your role may not change {item.category.value} items.")
    if item.phase is not initiative.phase:
        raise Conflict(
            f"Item {key!r} belongs to the {item.phase.value} phase; only the current phase "
            f"({initiative.phase.value}) can be changed."
        )
    return initiative, item


def _dates(new: NewEvidence) -> tuple[date, date | None]:
    effective = new.effective_on or today()
    if new.expires_on is not None and new.expires_on < effective:
        raise InvalidInput("expires_on", "The expiry date is before the effective date.")
    return effective, new.expires_on


def add_evidence(
    session: Session,
    *,
    actor: User,
    initiative_id: int,
    key: str,
    new: NewEvidence,
    store: BlobStore,
    max_bytes: int,
) -> Evidence:
    begin_write(session)
    initiative, _item = _editable_item(session, actor, initiative_id, key)
    effective, expires = _dates(new)
    note = (new.note or "").strip() or None
    if note is not None and len(note) > NOTE_MAX:
        raise InvalidInput("note", f"The note is longer than {NOTE_MAX} characters.")
    row = Evidence(
        initiative_id=initiative.id,
        item_key=key,
        kind=new.kind,
        note=note,
        effective_on=effective,
        expires_on=expires,
        added_by_id=actor.id,
        added_at=utc_now(),
    )
    if new.kind == "note":
        if note is None:
            raise InvalidInput("note", "Write the note.")
    elif new.kind == "link":
        url = (new.url or "").strip()
        if not url or len(url) > LINK_MAX or not is_http_url(url):
            raise InvalidInput(
                "url", "The link must be a web address that starts with http:// or https://."
            )
        row.url = url
    elif new.kind == "file":
        try:
            media_type = check_upload(new.file_name or "", new.data or b"", max_bytes=max_bytes)
        except RejectedUpload as error:
            raise InvalidInput("file", str(error), code=error.code, **error.params) from error
        row.file_name = (new.file_name or "").rsplit("/", 1)[-1][-FILE_NAME_MAX:]
        row.media_type = media_type
        row.size_bytes = len(new.data or b"")
        row.file_sha256 = store.put(session, new.data or b"", media_type)
    else:
        raise InvalidInput("kind", "The kind of evidence must be note, link or file.")
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="evidence.add",
        target_type="evidence",
        target_id=row.id,
        initiative_id=initiative.id,
        phase=initiative.phase.value,
        after={
            "item": key,
            "kind": row.kind,
            "note": row.note,
            "url": row.url,
            "file_name": row.file_name,
            "sha256": row.file_sha256,
            "effective_on": row.effective_on,
            "expires_on": row.expires_on,
        },
    )
    session.commit()
    return row


def withdraw_evidence(session: Session, *, actor: User, evidence_id: int, reason: str) -> Evidence:
    begin_write(session)
    row = session.get(Evidence, evidence_id)
    if row is None:
        raise NotFound(f"No evidence {evidence_id}.")
    initiative, _item = _editable_item(session, actor, row.initiative_id, row.item_key)
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("reason", "Say why the evidence is withdrawn.")
    if row.withdrawn_at is not None:
        raise Conflict("This evidence is already withdrawn.")
    row.withdrawn_at = utc_now()
    row.withdrawn_by_id = actor.id
    row.withdrawal_reason = reason[:NOTE_MAX]
    audit.record(
        session,
        actor=actor,
        action="evidence.withdraw",
        target_type="evidence",
        target_id=row.id,
        initiative_id=initiative.id,
        phase=initiative.phase.value,
        before={"withdrawn": False},
        after={"withdrawn": True, "reason": row.withdrawal_reason},
    )
    session.commit()
    return row


def evidence_file(
    session: Session,
    *,
    user: User | None,
    evidence_id: int,
    store: BlobStore,
    initiative_id: int | None = None,
) -> tuple[Evidence, bytes]:
    """A document's bytes, for someone who may see its initiative (or holds an
    auditor link to it: then `user` is None and `initiative_id` is the link's)."""
    row = session.get(Evidence, evidence_id)
    if row is None or row.file_sha256 is None:
        raise NotFound(f"No document {evidence_id}.")
    if user is not None:
        _visible(session, user, row.initiative_id)
    elif row.initiative_id != initiative_id:
        raise NotFound(f"No document {evidence_id}.")
    return row, store.get(session, row.file_sha256)
