"""Input no database can store or look up, refused before any handler sees it.

- Text with a NUL character (PostgreSQL refuses it) or an unpaired surrogate (not
  UTF-8 at all), and numbers like 1e309 that are no finite number: 422 naming the field,
  wherever they come: the path, the query, a JSON body or a plain form.
- An id in the path beyond the id columns' range (PostgreSQL's Integer, 2^31 - 1): no
  such row, so 404, as for any other id that is not there.
- A body larger than the server reads: 413, counted as it streams in, whether or not
  the request said its length.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator, Mapping
from typing import Any

from fastapi import FastAPI, Request
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.errors import InvalidInput, NotFound
from app.web.problems import Problem

MAX_ID = 2**31 - 1
# What a path parameter typed `int` accepts (pydantic's lax mode), with the whole part.
INTEGER = re.compile(r"\s*([+-]?\d[\d_]*)(?:\.0*)?\s*")
# The multipart framing and text fields around one uploaded file.
FORM_OVERHEAD = 64 * 1024


def storable(text: str) -> bool:
    """No NUL and no unpaired surrogate: what every database here can store."""
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def shown(field: str) -> str:
    # A field name is echoed in the answer: make it printable and encodable first.
    return field.encode("utf-8", "backslashreplace").decode().replace("\x00", "\\x00")


def bad_text(field: str) -> InvalidInput:
    return InvalidInput(
        shown(field),
        f"{shown(field)} contains characters that cannot be stored (NUL or an unpaired surrogate).",
        code="invalid_characters",
    )


def check_text(pairs: Iterator[tuple[str, str]]) -> None:
    for name, value in pairs:
        if not storable(name) or not storable(value):
            raise bad_text(name)


def _json_problem(value: Any, path: str = "") -> tuple[str, str] | None:
    """(field, what) for the first value of a parsed JSON body that cannot be stored."""
    if isinstance(value, str):
        return (path or "body", "text") if not storable(value) else None
    if isinstance(value, float):
        return (path or "body", "number") if not math.isfinite(value) else None
    if isinstance(value, dict):
        for key, inner in value.items():
            field = f"{path}.{key}" if path else str(key)
            if not storable(str(key)):
                return field, "text"
            if found := _json_problem(inner, field):
                return found
    if isinstance(value, list):
        for index, inner in enumerate(value):
            if found := _json_problem(inner, f"{path}[{index}]"):
                return found
    return None


def check_json(body: bytes) -> None:
    try:
        parsed = json.loads(body)
    except (ValueError, RecursionError):
        return  # not JSON at all: the route's own parsing says so
    try:
        found = _json_problem(parsed)
    except RecursionError:
        raise InvalidInput("body", "The JSON is nested too deeply.", code="invalid_input") from None
    if found is None:
        return
    field, what = found
    if what == "text":
        raise bad_text(field)
    raise InvalidInput(
        shown(field), f"{shown(field)} must be a finite number.", code="invalid_number"
    )


def _out_of_range(name: str, value: str) -> bool:
    found = INTEGER.fullmatch(value)
    if not (name == "id" or name.endswith("_id")) or found is None:
        return False
    return abs(int(found.group(1))) > MAX_ID


def read_before_the_route(request: Request) -> bool:
    """Whether `check_request` reads the body (JSON or urlencoded, capped by BodyLimit)
    before the route's own dependencies run; a multipart body is the route's to read."""
    content_type = request.headers.get("content-type", "")
    return content_type.startswith(("application/json", "application/x-www-form-urlencoded"))


async def check_request(request: Request) -> None:
    """An app-wide dependency: runs before every route's own parameters are read."""
    for name, value in request.path_params.items():
        if isinstance(value, str):
            check_text(iter([(name, value)]))
            if _out_of_range(name, value):
                raise NotFound(f"No {name.removesuffix('_id') or 'row'} {value.strip()}.")
    check_text(iter(request.query_params.multi_items()))
    if not read_before_the_route(request):
        return  # a multipart body is read by its route (app.web.forms), which checks its text
    if request.headers.get("content-type", "").startswith("application/json"):
        check_json(await request.body())
    else:
        form = await request.form()
        check_text((k, v) for k, v in form.multi_items() if isinstance(v, str))


class BodyLimit:
    """413 once a body passes its limit: uploads (multipart) may be as large as the upload
    cap allows, anything else `body_max_bytes`. The limit is enforced on the bytes as
    they arrive, so a chunked body that never said its length stops there too; the
    413 is raised where the app reads the body, so it has the app's own error shape."""

    def __init__(self, app: ASGIApp, *, upload_max_bytes: int, body_max_bytes: int) -> None:
        self.app = app
        self.upload_max_bytes = upload_max_bytes
        self.body_max_bytes = body_max_bytes

    def _limit(self, scope: Scope) -> int:
        headers = dict(scope.get("headers") or [])
        if headers.get(b"content-type", b"").startswith(b"multipart/form-data"):
            return self.upload_max_bytes + FORM_OVERHEAD
        return self.body_max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self._limit(scope)
        declared = dict(scope.get("headers") or []).get(b"content-length", b"")
        said = int(declared) if declared.isdigit() else 0
        received = 0

        async def counted() -> Message:
            nonlocal received
            if said > limit:
                raise too_large(limit)
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise too_large(limit)
            return message

        await self.app(scope, counted, send)


def too_large(limit: int) -> HTTPException:
    return HTTPException(
        413,
        f"The request is larger than the limit of {limit / 1_048_576:.1f} MB; nothing was saved.",
    )


def document_problems(app: FastAPI) -> None:
    """In the OpenAPI, FastAPI's own 422 shape (a list under `detail`) is the Problem every
    refusal of this API has (app.web.application answers validation errors so)."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        schema = build()
        schemas = schema.get("components", {}).get("schemas", {})
        if "HTTPValidationError" in schemas:
            schemas["HTTPValidationError"] = Problem.model_json_schema()
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


LOCATIONS = {"body", "query", "path", "header", "cookie"}


def validation_problem(error: Mapping[str, Any]) -> dict[str, str]:
    """One of FastAPI's validation errors as {field, message, type}: the field as the
    use-cases name them ("conditions[0].due_on"), without echoing the input."""
    loc = [part for part in error.get("loc", ()) if part != "__root__"]
    if len(loc) > 1 and loc[0] in LOCATIONS:
        loc = loc[1:]
    field = ""
    for part in loc:
        field += f"[{part}]" if isinstance(part, int) else (f".{part}" if field else str(part))
    return {
        "field": shown(field or "body"),
        "message": shown(str(error.get("msg", "Invalid input."))),
        "type": shown(str(error.get("type", "invalid"))),
    }
