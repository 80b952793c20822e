"""Reading evidence forms: a size cap before the body is parsed, then typed fields."""

from __future__ import annotations

from datetime import date

from fastapi import HTTPException, Request
from starlette.datastructures import UploadFile

from app.evidence import NewEvidence
from app.services import InvalidInput

# Room for the multipart framing and the small text fields around the file.
FORM_OVERHEAD = 64 * 1024


def too_large(limit: int) -> HTTPException:
    return HTTPException(
        413,
        f"The upload is larger than the limit of {limit / 1_048_576:.0f} MB; nothing was saved.",
    )


def check_length(request: Request, limit: int) -> None:
    length = request.headers.get("content-length")
    if length and length.isdigit() and int(length) > limit + FORM_OVERHEAD:
        raise too_large(limit)


def parse_date(field: str, value: str | None) -> date | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(field, f"The {field} must be a date (YYYY-MM-DD).") from None


async def evidence_from_form(request: Request, limit: int) -> NewEvidence:
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
        kind = kind or "file"
    return NewEvidence(
        kind=kind,
        note=str(form.get("note") or "") or None,
        url=str(form.get("url") or "") or None,
        file_name=name,
        data=data,
        effective_on=parse_date("effective_on", str(form.get("effective_on") or "")),
        expires_on=parse_date("expires_on", str(form.get("expires_on") or "")),
    )
