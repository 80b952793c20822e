"""The one form of an item on the initiative page: its status (and justification) and one
piece of evidence to add (a note, a link or a document, with its dates).

Async, so that the handler that uses the database need not be: FastAPI reads the form
here, before the plain-def handler runs. Not a byte of a multipart form before the user
may change the item (in a worker thread: it asks the database); then as the API's upload
is read, streamed and stopped at the cap (app.web.forms.read_form), which also checks the
CSRF token a plain form (without JavaScript, so without the header) sends in its body. An
urlencoded form, which app.web.guards reads for every route, is checked by the handler."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fastapi import Request
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from app import errors
from app.domain.evidence import EvidenceKind
from app.evidence.services import NewEvidence
from app.initiatives import items
from app.uow import end_read
from app.web.deps import SessionDep, Viewer, signed_in_at
from app.web.forms import (
    arrives_with_headers,
    form_or_refusal,
    parse_date,
    read_form,
    too_large_upload,
    upload_limit,
)
from app.web.guards import read_before_the_route
from app.web.security import token_in_form

KINDS = tuple(kind.value for kind in EvidenceKind)


@dataclass(frozen=True)
class ItemForm:
    status: str = "open"
    justification: str = ""
    # The item's own note and link: only the API and older forms send them; when absent,
    # what the item holds is kept.
    note: str | None = None
    link: str | None = None
    confirm: bool = False
    add: bool = False  # "Add evidence" was pressed
    save: bool = False  # "Save" was pressed
    kind: str = EvidenceKind.NOTE.value
    evidence_note: str = ""
    url: str = ""
    effective_on: str = ""
    expires_on: str = ""
    file_name: str | None = None
    data: bytes | None = field(default=None, repr=False)
    # A Processtöd item's save may record the support that delivered it (app/support).
    activity: dict[str, str] = field(default_factory=dict)
    refusal: errors.InvalidInput | None = None  # the form itself was refused (too large)
    status_code: int = 200
    editor: Viewer | None = field(default=None, repr=False)  # checked before it was read

    @property
    def has_draft(self) -> bool:
        """The chosen kind's own field is filled in (the other kinds' fields are ignored)."""
        if self.kind == EvidenceKind.LINK:
            return bool(self.url.strip())
        if self.kind == EvidenceKind.FILE:
            return self.data is not None
        return bool(self.evidence_note.strip())

    @property
    def commits_draft(self) -> bool:
        """A piece is added by its button, by Save, or with the tick it proves; a save the
        page sends on its own for another field leaves the draft in the form."""
        return self.has_draft and (self.add or self.save or self.status == "done")

    def draft(self) -> NewEvidence:
        """The piece to add; InvalidInput for a date that is no date."""
        kind = self.kind if self.kind in KINDS else EvidenceKind.NOTE.value
        return NewEvidence(
            kind=kind,
            note=self.evidence_note if kind == EvidenceKind.NOTE else None,
            url=self.url if kind == EvidenceKind.LINK else None,
            file_name=self.file_name if kind == EvidenceKind.FILE else None,
            data=self.data if kind == EvidenceKind.FILE else None,
            effective_on=parse_date("effective_on", self.effective_on),
            expires_on=parse_date("expires_on", self.expires_on),
        )

    def entered(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "justification": self.justification,
            "note": self.note,
            "link": self.link,
        }

    def draft_entered(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "note": self.evidence_note,
            "url": self.url,
            "effective_on": self.effective_on,
            "expires_on": self.expires_on,
        }


def _text(form: Any, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


def _optional(form: Any, name: str) -> str | None:
    value = form.get(name)
    return value if isinstance(value, str) else None


def item_editor(request: Request, initiative_id: int, key: str, session: Session) -> Viewer:
    """The signed-in user (else the login page) and the initiative, once they may change
    the item there, not only see it: NotFound (no such initiative or item, or not
    visible) or Forbidden. Plain `def`: it asks the database, so it runs in a worker
    thread: the handler's, or (`item_form`) one of its own before a body is read.

    A body that may take its time (a file, or no length given) is read outside any
    transaction; a small form arrives with its headers, so its save goes on in the read's
    transaction rather than pay for a COMMIT, a connection and a BEGIN of its own."""
    user, _held = signed_in_at(request, session, initiative_id)  # read with the user
    initiative = items.changeable_initiative(
        session, actor=user, initiative_id=initiative_id, key=key
    )
    if not arrives_with_headers(request):
        end_read(session)
    return Viewer(user, initiative)


@token_in_form
async def item_form(
    request: Request, initiative_id: int, key: str, session: SessionDep
) -> ItemForm:
    """The form. A multipart one (the page's with a document chosen, or without
    JavaScript) is read only once `item_editor` has said the user may change the item, in
    a worker thread: not a byte of a refused upload is read. An urlencoded one was read
    already, capped, by app.web.guards.check_request, before any of the route's own
    dependencies: the handler checks it in its own worker thread, a thread-pool hop
    fewer (`ItemForm.editor` is then None)."""
    editor = None
    if not read_before_the_route(request):
        editor = await run_in_threadpool(item_editor, request, initiative_id, key, session)
    limit = upload_limit(request)
    form, refused = await form_or_refusal(read_form(request, limit), limit)
    if form is None:  # too large, text that cannot be stored, a broken form
        return ItemForm(refusal=refused.error, status_code=refused.status_code, editor=editor)
    upload = form.get("file")
    data, name = None, None
    if isinstance(upload, UploadFile) and upload.filename:
        data = await upload.read(limit + 1)
        name = upload.filename
        if len(data) > limit:
            return ItemForm(refusal=too_large_upload(limit), status_code=413, editor=editor)
    return ItemForm(
        editor=editor,
        status=_text(form, "status") or "open",
        justification=_text(form, "justification"),
        note=_optional(form, "note"),
        link=_optional(form, "link"),
        confirm=bool(_text(form, "confirm")),
        add=bool(_text(form, "add")),
        save=bool(_text(form, "save")),
        kind=_text(form, "kind") or EvidenceKind.NOTE.value,
        evidence_note=_text(form, "evidence_note"),
        url=_text(form, "url"),
        effective_on=_text(form, "effective_on"),
        expires_on=_text(form, "expires_on"),
        file_name=name,
        data=data,
        activity={
            "kind": _text(form, "activity_kind"),
            "hours": _text(form, "activity_hours"),
            "cost_sek": _text(form, "activity_cost"),
        },
    )
