"""Reading forms: the fields of a form whose names vary, dates, and evidence uploads.

Async, so that no handler that uses the database has to be: FastAPI runs these before
the plain-def handler. An upload is read as it streams in and kept in memory, never
spooled to disk: refused (413) as soon as it passes the cap, whether or not the request
said its length. Whoever reads one checks first, in a worker thread, that the user may
add it there at all (app.web.api.evidence, app.web.pages.evidence)."""

from __future__ import annotations

from collections.abc import AsyncGenerator, Awaitable
from dataclasses import dataclass
from datetime import date
from typing import Annotated, TypeVar

from fastapi import Depends, HTTPException, Request
from starlette.datastructures import FormData, UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser

from app.domain.evidence import EvidenceKind
from app.errors import InvalidInput
from app.evidence.services import NewEvidence
from app.web.guards import FORM_OVERHEAD, check_text
from app.web.security import check_form_token

T = TypeVar("T")


async def form_fields(request: Request) -> dict[str, str]:
    form = await request.form()
    fields = {key: value for key, value in form.items() if isinstance(value, str)}
    check_text(iter(fields.items()))
    return fields


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


# A form of at most this many bytes, its length given, comes in the packets of its headers.
SMALL_BODY = 16 * 1024


def arrives_with_headers(request: Request) -> bool:
    """Whether the body is a small form whose length the request gives (the page's script
    posts the item form as multipart, its file field empty): reading it does not wait on
    the client, as an upload of a document, or a body sent in chunks, may for minutes."""
    length = request.headers.get("content-length", "")
    content_type = request.headers.get("content-type", "")
    return (
        length.isdigit()
        and int(length) <= SMALL_BODY
        and content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data"))
    )


def upload_limit(request: Request) -> int:
    limit: int = request.app.state.settings.upload_max_bytes
    return limit


def too_large(limit: int) -> HTTPException:
    return HTTPException(
        413,
        f"The upload is larger than the limit of {limit / 1_048_576:.0f} MB; nothing was saved.",
    )


def too_large_upload(limit: int) -> InvalidInput:
    """The 413 as the form that sent the upload shows it: on its file field."""
    detail = str(too_large(limit).detail)
    return InvalidInput("file", detail, code="too_large", limit=round(limit / 1_048_576))


async def form_or_refusal(read: Awaitable[T], limit: int) -> tuple[T | None, Refused]:
    """What `read` gives, or why a page's form itself was refused before any use-case:
    text that cannot be stored, a broken form or a date that is no date (422), an upload
    past `limit` (413, on the file field)."""
    try:
        return await read, Refused()
    except InvalidInput as error:
        return None, Refused(error, 422)
    except HTTPException as error:
        if error.status_code != 413:
            raise
        return None, Refused(too_large_upload(limit), 413)


@dataclass(frozen=True)
class Refused:
    error: InvalidInput | None = None
    status_code: int = 200


def check_length(request: Request, limit: int) -> None:
    length = request.headers.get("content-length")
    if length and length.isdigit() and int(length) > limit + FORM_OVERHEAD:
        raise too_large(limit)


async def _capped(request: Request, limit: int) -> AsyncGenerator[bytes, None]:
    received = 0
    async for chunk in request.stream():
        received += len(chunk)
        if received > limit + FORM_OVERHEAD:
            raise too_large(limit)
        yield chunk


class _InMemory(MultiPartParser):
    """Starlette's parser, with files kept in memory: the stream is capped, so they fit."""

    def __init__(self, request: Request, limit: int) -> None:
        super().__init__(request.headers, _capped(request, limit), max_files=1, max_fields=50)
        self.spool_max_size = limit + FORM_OVERHEAD


async def read_form(request: Request, limit: int) -> FormData:
    """The form, with at most one file of at most `limit` bytes; 413 past it, before the
    rest is read. Text with NUL is refused naming its field. The reader of a route's
    multipart form is marked @token_in_form (app.web.security): the form's CSRF token is
    checked here."""
    check_length(request, limit)
    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        form = await request.form()
    else:
        try:
            form = await _InMemory(request, limit).parse()
        except MultiPartException as error:
            raise InvalidInput("body", str(error), code="unreadable_form") from None
        check_form_token(request, form)  # a plain form's token, left to its reader
    check_text((k, v) for k, v in form.multi_items() if isinstance(v, str))
    return form


async def evidence_from_form(request: Request, limit: int) -> NewEvidence:
    """The piece a multipart form describes; InvalidInput for a bad date, 413 past `limit`."""
    form = await read_form(request, limit)
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
