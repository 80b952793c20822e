"""JSON API for evidence: add notes, links or documents to an item; withdraw; attach a
piece to further items of its initiative, and detach it."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response, status
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from app import errors
from app.evidence import queries as evidence_queries
from app.evidence import services as evidence_services
from app.evidence import sharing
from app.evidence.services import NewEvidence
from app.web.api.schemas.evidence import (
    AttachIn,
    EvidenceIn,
    WithdrawIn,
    evidence_json,
    served_json,
)
from app.web.deps import ApiInitiative, ApiUser, SessionDep, StoreDep
from app.web.forms import evidence_from_form, upload_limit
from app.web.problems import ERRORS, Problem
from app.web.security import token_in_form

router = APIRouter(prefix="/api", tags=["evidence"], responses=ERRORS)

BODY = {
    "content": {
        "application/json": {"schema": EvidenceIn.model_json_schema()},
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "properties": {
                    "file": {"type": "string", "format": "binary"},
                    "note": {"type": "string"},
                    "effective_on": {"type": "string", "format": "date"},
                    "expires_on": {"type": "string", "format": "date"},
                },
            }
        },
    }
}


@token_in_form
async def evidence_body(
    request: Request, initiative_id: int, key: str, session: SessionDep, user: ApiUser
) -> NewEvidence:
    """The piece a JSON body (a note or a link) or a multipart form (a document) describes,
    read only once the user may add it there (checked in a worker thread: it reads the
    database). The use-case checks again inside its unit of work."""
    await run_in_threadpool(
        evidence_services.may_add_evidence,
        session,
        actor=user,
        initiative_id=initiative_id,
        key=key,
    )
    if request.headers.get("content-type", "").startswith("multipart/form-data"):
        return await evidence_from_form(request, upload_limit(request))
    try:
        body = EvidenceIn.model_validate_json(await request.body())
    except ValidationError as error:
        first = error.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or "body"
        raise errors.InvalidInput(field, first["msg"]) from None
    return NewEvidence(
        kind=body.kind,
        note=body.note,
        url=body.url,
        effective_on=body.effective_on,
        expires_on=body.expires_on,
    )


@router.post(
    "/initiatives/{initiative_id}/items/{key}/evidence",
    status_code=status.HTTP_201_CREATED,
    responses={413: {"description": "The upload is larger than the limit"}},
    openapi_extra={"requestBody": BODY},
)
def add(
    request: Request,
    initiative_id: int,
    key: str,
    session: SessionDep,
    user: ApiUser,
    store: StoreDep,
    new: Annotated[NewEvidence, Depends(evidence_body)],
) -> dict[str, Any]:
    row = evidence_services.add_evidence(
        session, actor=user, initiative_id=initiative_id, key=key, new=new, store=store,
        max_bytes=upload_limit(request),
    )  # fmt: skip
    return evidence_json(row)


@router.get("/initiatives/{initiative_id}/items/{key}/evidence")
def list_evidence(initiative: ApiInitiative, key: str, session: SessionDep) -> dict[str, Any]:
    rows = evidence_queries.evidence(session, initiative.id, key=key).get(key, [])
    return {"items": [evidence_json(r) for r in rows]}


@router.post("/evidence/{evidence_id}/withdraw")
def withdraw(
    evidence_id: int, body: WithdrawIn, session: SessionDep, user: ApiUser
) -> dict[str, Any]:
    row = evidence_services.withdraw_evidence(
        session, actor=user, evidence_id=evidence_id, reason=body.reason
    )
    return evidence_json(row)


# Evidence shared across items: one piece attached to further items of its initiative.
SHARED = "/initiatives/{initiative_id}/evidence/{evidence_id}/items"


@router.get(SHARED)
def served_items(
    initiative: ApiInitiative, evidence_id: int, session: SessionDep
) -> dict[str, Any]:
    items = evidence_queries.served_keys(session, evidence_id, initiative_id=initiative.id)
    if not items:
        raise errors.NotFound(f"No evidence {evidence_id}.", code="unknown_evidence")
    return served_json(evidence_id, items)


@router.post(
    SHARED,
    status_code=status.HTTP_201_CREATED,
    responses={
        409: {
            "description": "The piece already serves the item (`evidence_already_attached`), "
            "is withdrawn (`evidence_already_withdrawn`), or the item is not of the current "
            "phase (`not_current_phase`)",
            "model": Problem,
        },
        422: {
            "description": "`item_key` is not an item of the initiative's model "
            "(`unknown_item`) or a heading (`heading_takes_no_evidence`), or the piece is "
            "another initiative's (`evidence_of_other_initiative`, field `evidence_id`)",
            "model": Problem,
        },
    },
)
def attach(
    initiative_id: int, evidence_id: int, body: AttachIn, session: SessionDep, user: ApiUser
) -> dict[str, Any]:
    link = sharing.attach_evidence(
        session, actor=user, initiative_id=initiative_id, evidence_id=evidence_id,
        key=body.item_key,
    )  # fmt: skip
    items = evidence_queries.served_keys(session, link.evidence_id, initiative_id=initiative_id)
    return served_json(evidence_id, items)


@router.delete(
    SHARED + "/{item_key}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses={
        404: {"description": "The piece is not attached to the item (`not_attached`)"},
        409: {
            "description": "The item is the piece's own (`evidence_own_item`: withdraw it "
            "instead) or not of the current phase (`not_current_phase`)",
            "model": Problem,
        },
    },
)
def detach(
    initiative_id: int, evidence_id: int, item_key: str, session: SessionDep, user: ApiUser
) -> Response:
    sharing.detach_evidence(
        session, actor=user, initiative_id=initiative_id, evidence_id=evidence_id, key=item_key
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)
