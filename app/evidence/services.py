"""Evidence use-cases: add a note, a link or a document to an item; withdraw a piece."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from app.clock import today, utc_now
from app.domain.evidence import EvidenceKind, RejectedUpload, check_upload
from app.domain.items import LINK_MAX, NOTE_MAX, is_http_url
from app.errors import Conflict, InvalidInput, NotFound
from app.evidence.rules import clean_file_name
from app.evidence.storage import BlobStore
from app.initiatives import items
from app.initiatives.queries import visible_initiative as _visible
from app.models.accounts import User
from app.models.evidence import Evidence
from app.models.initiatives import Initiative
from app.phases import Item
from app.readiness.services import recompute as recompute_readiness
from app.records import record_audit
from app.uow import end_read, locked, unit_of_work


@dataclass(frozen=True)
class NewEvidence:
    kind: EvidenceKind | str  # a plain string from a form is checked by add_evidence
    note: str | None = None
    url: str | None = None
    file_name: str | None = None
    data: bytes | None = None
    effective_on: date | None = None
    expires_on: date | None = None


def editable_item(
    session: Session,
    actor: User,
    initiative_id: int,
    key: str,
    *,
    field: str = "key",
    taking: bool = True,
) -> tuple[Initiative, Item]:
    """The initiative and the item, if `actor` may change the item's evidence now; `taking`
    when the item is to take evidence (a heading takes none; withdrawing from an item
    that a later model version made a heading still works)."""
    initiative, _model, item = items.editable_item(
        session, actor, initiative_id, key, evidence=field if taking else None
    )
    if item.phase is not initiative.phase:
        raise Conflict(
            f"Item {key!r} belongs to the {item.phase.value} phase; only the current phase "
            f"({initiative.phase.value}) can be changed.",
            code="not_current_phase",
        )
    return initiative, item


def may_add_evidence(session: Session, *, actor: User, initiative_id: int, key: str) -> None:
    """Refuse (NotFound, Forbidden, Conflict) before an upload is read, as add_evidence
    would after: the initiative must exist and be visible, the item be of its current
    phase and the actor allowed to change it. Only reads, and ends its read."""
    editable_item(session, actor, initiative_id, key)
    end_read(session)


def _dates(new: NewEvidence) -> tuple[date, date | None]:
    effective = new.effective_on or today()
    if new.expires_on is not None and new.expires_on < effective:
        raise InvalidInput(
            "expires_on",
            "The expiry date is before the effective date.",
            code="expiry_before_effective",
        )
    return effective, new.expires_on


@unit_of_work
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
    initiative, _item = editable_item(session, actor, initiative_id, key)
    effective, expires = _dates(new)
    note = (new.note or "").strip() or None
    if note is not None and len(note) > NOTE_MAX:
        raise InvalidInput(
            "note",
            f"The note is longer than {NOTE_MAX} characters.",
            code="too_long",
            limit=NOTE_MAX,
        )
    try:
        kind = EvidenceKind(new.kind)
    except ValueError:
        raise InvalidInput(
            "kind", "The kind of evidence must be note, link or file.", code="unknown_kind"
        ) from None
    row = Evidence(
        initiative_id=initiative.id,
        item_key=key,
        kind=kind,
        note=note,
        effective_on=effective,
        expires_on=expires,
        added_by_id=actor.id,
        added_at=utc_now(),
    )
    if kind is EvidenceKind.NOTE:
        if note is None:
            raise InvalidInput("note", "Write the note.", code="note_required")
    elif kind is EvidenceKind.LINK:
        url = (new.url or "").strip()
        if not url or len(url) > LINK_MAX or not is_http_url(url):
            raise InvalidInput(
                "url",
                "The link must be a web address that starts with http:// or https://.",
                code="invalid_url",
            )
        row.url = url
    else:
        name = clean_file_name(new.file_name)
        try:
            media_type = check_upload(name, new.data or b"", max_bytes=max_bytes)
        except RejectedUpload as error:
            raise InvalidInput("file", str(error), code=error.code, **error.params) from error
        row.file_name = name
        row.media_type = media_type
        row.size_bytes = len(new.data or b"")
        row.file_sha256 = store.put(session, new.data or b"", media_type)
    session.add(row)
    session.flush()
    recompute_readiness(session, initiative.id)
    record_audit(
        session, initiative, action="evidence.add", actor=actor, target=("evidence", row.id),
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
    )  # fmt: skip
    return row


@unit_of_work
def withdraw_evidence(session: Session, *, actor: User, evidence_id: int, reason: str) -> Evidence:
    row = locked(session, Evidence, evidence_id)  # one withdrawal; attachments wait for it
    if row is None:
        raise NotFound(f"No evidence {evidence_id}.")
    initiative, _item = editable_item(session, actor, row.initiative_id, row.item_key, taking=False)
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(
            "reason", "Say why the evidence is withdrawn.", code="withdrawal_reason_required"
        )
    if row.withdrawn_at is not None:
        raise Conflict("This evidence is already withdrawn.", code="evidence_already_withdrawn")
    row.withdrawn_at = utc_now()
    row.withdrawn_by_id = actor.id
    row.withdrawal_reason = reason[:NOTE_MAX]
    recompute_readiness(session, initiative.id)
    record_audit(
        session, initiative, action="evidence.withdraw", actor=actor,
        target=("evidence", row.id), before={"withdrawn": False},
        after={"withdrawn": True, "reason": row.withdrawal_reason},
    )  # fmt: skip
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
