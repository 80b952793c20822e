"""JSON API for evidence: add notes, links or documents to an item; withdraw; download."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, status
from pydantic import ValidationError

from app import evidence, repositories, services
from app.web.deps import ApiUser, SessionDep, StoreDep
from app.web.routers.api_initiatives import ERRORS
from app.web.schemas import EvidenceIn, WithdrawIn, evidence_json
from app.web.uploads import evidence_from_form

router = APIRouter(prefix="/api", tags=["evidence"], responses=ERRORS)


@router.post(
    "/initiatives/{initiative_id}/items/{key}/evidence",
    status_code=status.HTTP_201_CREATED,
    responses={413: {"description": "The upload is larger than the limit"}},
    openapi_extra={
        "requestBody": {
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
    },
)
async def add(
    initiative_id: int,
    key: str,
    request: Request,
    session: SessionDep,
    user: ApiUser,
    store: StoreDep,
) -> dict[str, Any]:
    limit: int = request.app.state.settings.upload_max_bytes
    if request.headers.get("content-type", "").startswith("multipart/form-data"):
        new = await evidence_from_form(request, limit)
    else:
        try:
            body = EvidenceIn.model_validate_json(await request.body())
        except ValidationError as error:
            first = error.errors()[0]
            field = ".".join(str(p) for p in first["loc"]) or "body"
            raise services.InvalidInput(field, first["msg"]) from None
        new = evidence.NewEvidence(
            kind=body.kind,
            note=body.note,
            url=body.url,
            effective_on=body.effective_on,
            expires_on=body.expires_on,
        )
    row = evidence.add_evidence(
        session,
        actor=user,
        initiative_id=initiative_id,
        key=key,
        new=new,
        store=store,
        max_bytes=limit,
    )
    session.refresh(row, ["added_by"])
    return evidence_json(row)


@router.get("/initiatives/{initiative_id}/items/{key}/evidence")
def list_evidence(
    initiative_id: int, key: str, session: SessionDep, user: ApiUser
) -> dict[str, Any]:
    services.visible_initiative(session, user, initiative_id)
    rows = repositories.evidence(session, initiative_id, key=key).get(key, [])
    return {"items": [evidence_json(r) for r in rows]}


@router.post("/evidence/{evidence_id}/withdraw")
def withdraw(
    evidence_id: int, body: WithdrawIn, session: SessionDep, user: ApiUser
) -> dict[str, Any]:
    row = evidence.withdraw_evidence(
        session, actor=user, evidence_id=evidence_id, reason=body.reason
    )
    return evidence_json(row)
