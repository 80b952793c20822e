"""JSON API for evidence: add notes, links or documents to an item; withdraw; download."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, status
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from app import errors
from app.evidence import queries as evidence_queries
from app.evidence import services as evidence_services
from app.evidence.services import NewEvidence
from app.web.api.schemas.evidence import EvidenceIn, WithdrawIn, evidence_json
from app.web.deps import ApiInitiative, ApiUser, SessionDep, StoreDep
from app.web.forms import evidence_from_form, upload_limit
from app.web.problems import ERRORS

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
