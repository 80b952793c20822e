"""File downloads: always an attachment, never rendered inline, never cached."""

from __future__ import annotations

from urllib.parse import quote

from fastapi.responses import Response


def file_response(name: str | None, media_type: str | None, data: bytes) -> Response:
    safe = (name or "evidence").replace('"', "").replace("\\", "")
    ascii_name = safe.encode("ascii", "replace").decode()
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(safe, safe='')}"
    return Response(
        data,
        media_type=media_type or "application/octet-stream",
        headers={"Content-Disposition": disposition, "Cache-Control": "private, no-store"},
    )
