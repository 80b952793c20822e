"""Reading forms: the fields of a form whose names vary, dates, and evidence uploads
(a size cap before the body is parsed, then typed fields). Async, so that no handler
that uses the database has to be: FastAPI runs these before the plain-def handler."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from starlette.datastructures import UploadFile

from app.domain.evidence import EvidenceKind
from app.errors import InvalidInput
from app.evidence.services import NewEvidence

# Room for the multipart framing and the small text fields around the file.
FORM_OVERHEAD = 64 * 1024


async def form_fields(request: Request) -> dict[str, str]:
    form = await request.form()
    return {key: value for key, value in form.items() if isinstance(value, str)}


FormFields = Annotated[dict[str, str], Depends(form_fields)]


def parse_date(field: str, value: str | None) -> date | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(
            field, f"The {field} must be a date (YYYY-MM-DD).", code="invalid_date"
        ) from None


def whole_number(text: str) -> int:
    """The number a text field holds, or 0, which every use-case that takes one refuses
    (naming the field), so a form does not need its own error for "not a number"."""
    try:
        return int(text)
    except ValueError:
        return 0


def upload_limit(request: Request) -> int:
    limit: int = request.app.state.settings.upload_max_bytes
    return limit


def too_large(limit: int) -> HTTPException:
    return HTTPException(
        413,
        f"The upload is larger than the limit of {limit / 1_048_576:.0f} MB; nothing was saved.",
    )


def check_length(request: Request, limit: int) -> None:
    length = request.headers.get("content-length")
    if length and length.isdigit() and int(length) > limit + FORM_OVERHEAD:
        raise too_large(limit)


async def evidence_from_form(request: Request, limit: int) -> NewEvidence:
    """The piece a multipart form describes; InvalidInput for a bad date, 413 past `limit`."""
    check_length(request, limit)
    form = await request.form()
    upload = form.get("file")
    data, name = None, None
    kind = str(form.get("kind") or "")
    if isinstance(upload, UploadFile) and upload.filename:
        data = await upload.read(limit + 1)
        name = upload.filename
        if len(data) > limit:
            raise too_large(limit)
        kind = kind or EvidenceKind.FILE
    return NewEvidence(
        kind=kind,
        note=str(form.get("note") or "") or None,
        url=str(form.get("url") or "") or None,
        file_name=name,
        data=data,
        effective_on=parse_date("effective_on", str(form.get("effective_on") or "")),
        expires_on=parse_date("expires_on", str(form.get("expires_on") or "")),
    )
