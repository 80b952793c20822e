"""Evidence on the initiative page: add a piece, withdraw one, download a document; attach
a piece to a further item of the initiative, or detach it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from app import errors
from app.evidence import queries as evidence_queries
from app.evidence import services as evidence_services
from app.evidence import sharing
from app.evidence.services import NewEvidence
from app.flashes import Flash
from app.web.deps import PageUser, SessionDep, StoreDep
from app.web.forms import evidence_from_form, form_or_refusal, upload_limit
from app.web.pages.downloads import file_response
from app.web.pages.initiative_context import item_answer
from app.web.problems import Refusal
from app.web.security import token_in_form

router = APIRouter(include_in_schema=False)

FLASHES = (Flash.EVIDENCE_SAVED, Flash.EVIDENCE_NOT_SAVED)
# What the item's evidence form shows when nothing entered is to be kept.
BLANK = {"kind": "note", "note": "", "url": "", "effective_on": "", "expires_on": ""}


@dataclass(frozen=True)
class EvidenceForm:
    """The piece the form describes, or why the form itself was refused (before the
    use-case: a date that is no date, or an upload past the limit)."""

    new: NewEvidence | None = None
    refusal: errors.InvalidInput | None = None
    status_code: int = 200


@token_in_form
async def evidence_form(
    request: Request, initiative_id: int, key: str, session: SessionDep, user: PageUser
) -> EvidenceForm:
    """The form, read only once the user may add evidence there (NotFound, Forbidden or
    Conflict before a byte of the upload is read; a worker thread asks the database)."""
    await run_in_threadpool(
        evidence_services.may_add_evidence,
        session,
        actor=user,
        initiative_id=initiative_id,
        key=key,
    )
    limit = upload_limit(request)
    new, refused = await form_or_refusal(evidence_from_form(request, limit), limit)
    return EvidenceForm(new=new, refusal=refused.error, status_code=refused.status_code)


def _entered(new: NewEvidence) -> dict[str, Any]:
    return {
        "kind": new.kind,
        "note": new.note,
        "url": new.url,
        "effective_on": new.effective_on,
        "expires_on": new.expires_on,
    }


@router.post("/initiatives/{initiative_id}/items/{key}/evidence")
def add(
    request: Request,
    initiative_id: int,
    key: str,
    session: SessionDep,
    user: PageUser,
    store: StoreDep,
    form: Annotated[EvidenceForm, Depends(evidence_form)],
) -> Response:
    if form.new is None:
        return item_answer(
            request, session, user, initiative_id, key, flashes=FLASHES, failed=True,
            shown={"evidence_error": form.refusal, "evidence_entered": BLANK},
            status_code=form.status_code,
        )  # fmt: skip
    with Refusal(errors.InvalidInput) as refused:
        evidence_services.add_evidence(
            session, actor=user, initiative_id=initiative_id, key=key, new=form.new,
            store=store, max_bytes=upload_limit(request),
        )  # fmt: skip
    return item_answer(
        request, session, user, initiative_id, key, flashes=FLASHES, failed=bool(refused),
        shown={
            "evidence_error": refused.error,
            "evidence_entered": _entered(form.new) if refused else BLANK,
        },
        status_code=refused.status_code,
    )  # fmt: skip


@router.post("/initiatives/{initiative_id}/evidence/{evidence_id}/withdraw")
def withdraw(
    request: Request,
    initiative_id: int,
    evidence_id: int,
    session: SessionDep,
    user: PageUser,
    reason: Annotated[str, Form()] = "",
) -> Response:
    try:
        row = evidence_services.withdraw_evidence(
            session, actor=user, evidence_id=evidence_id, reason=reason
        )
    except errors.InvalidInput as error:
        piece = evidence_queries.get_evidence(session, evidence_id)
        return item_answer(
            request, session, user, initiative_id, piece.item_key if piece else "",
            flashes=FLASHES, failed=True,
            shown={"evidence_error": error, "evidence_entered": BLANK}, status_code=422,
        )  # fmt: skip
    return item_answer(
        request, session, user, row.initiative_id, row.item_key, flashes=FLASHES, failed=False,
        shown={"evidence_error": None, "evidence_entered": BLANK},
    )  # fmt: skip


@router.get("/evidence/{evidence_id}/download")
def download(evidence_id: int, session: SessionDep, user: PageUser, store: StoreDep) -> Response:
    row, data = evidence_services.evidence_file(
        session, user=user, evidence_id=evidence_id, store=store
    )
    return file_response(row.file_name, row.media_type, data)


# Evidence shared across items: on an item, attach a piece of the initiative's evidence
# that another item carries, or detach one attached there.
SHARED_REFUSALS = (errors.InvalidInput, errors.Conflict)


def _shown(error: errors.Refused | None) -> errors.InvalidInput | None:
    """The refusal as the item shows it: a field to mark (a conflict marks the choice)."""
    if error is None or isinstance(error, errors.InvalidInput):
        return error
    return errors.InvalidInput("evidence_id", error.message, code=error.code, **error.params)


@router.post("/initiatives/{initiative_id}/items/{key}/evidence/attach")
def attach(
    request: Request,
    initiative_id: int,
    key: str,
    session: SessionDep,
    user: PageUser,
    evidence_id: Annotated[str, Form()] = "",
) -> Response:
    with Refusal(*SHARED_REFUSALS) as refused:
        if not evidence_id.strip().isdigit():
            raise errors.InvalidInput(
                "evidence_id", "Choose a piece of evidence.", code="unknown_evidence"
            )
        sharing.attach_evidence(
            session, actor=user, initiative_id=initiative_id, evidence_id=int(evidence_id),
            key=key,
        )  # fmt: skip
    return item_answer(
        request, session, user, initiative_id, key, flashes=FLASHES, failed=bool(refused),
        shown={"evidence_error": _shown(refused.error), "evidence_entered": BLANK},
        status_code=refused.status_code,
    )  # fmt: skip


@router.post("/initiatives/{initiative_id}/items/{key}/evidence/{evidence_id}/detach")
def detach(
    request: Request,
    initiative_id: int,
    key: str,
    evidence_id: int,
    session: SessionDep,
    user: PageUser,
) -> Response:
    with Refusal(*SHARED_REFUSALS) as refused:
        sharing.detach_evidence(
            session, actor=user, initiative_id=initiative_id, evidence_id=evidence_id, key=key
        )
    return item_answer(
        request, session, user, initiative_id, key, flashes=FLASHES, failed=bool(refused),
        shown={"evidence_error": _shown(refused.error), "evidence_entered": BLANK},
        status_code=refused.status_code,
    )  # fmt: skip
