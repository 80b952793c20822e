"""File downloads: always an attachment, never rendered inline, never cached."""

from __future__ import annotations

from urllib.parse import quote

from fastapi.responses import Response


def content_disposition(name: str | None) -> str:
    """`attachment` with the name twice (RFC 6266): a plain-ASCII fallback with every other
    character as "_", and the exact name in UTF-8, percent-encoded (RFC 5987). Neither can
    carry a quote, a backslash or a control character into the header, so a name stored
    before names were cleaned still downloads."""
    exact = "".join(ch for ch in (name or "") if ch.isprintable()).strip() or "evidence"
    fallback = "".join(ch if " " <= ch <= "~" and ch not in '"\\%' else "_" for ch in exact)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(exact, safe='')}"


def file_response(name: str | None, media_type: str | None, data: bytes) -> Response:
    return Response(
        data,
        media_type=media_type or "application/octet-stream",
        headers={
            "Content-Disposition": content_disposition(name),
            "Cache-Control": "private, no-store",
        },
    )
