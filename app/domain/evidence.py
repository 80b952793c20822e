"""Evidence rules: when a piece is in force, and what an upload really is. Pure."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import PurePath


class EvidenceKind(StrEnum):
    NOTE = "note"  # a written statement
    LINK = "link"  # a link to a document or a web page
    FILE = "file"  # an uploaded document


@dataclass(frozen=True, slots=True)
class Piece:
    effective_on: date
    expires_on: date | None
    withdrawn: bool


@dataclass(frozen=True, slots=True)
class EvidenceFacts:
    current: int = 0
    expired: int = 0

    @property
    def needs_renewal(self) -> bool:
        # Expired evidence with nothing in force beside it.
        return self.expired > 0 and self.current == 0


def in_force(piece: Piece, today: date) -> bool:
    """`expires_on` is the last day a piece is valid."""
    if piece.withdrawn or piece.effective_on > today:
        return False
    return piece.expires_on is None or piece.expires_on >= today


def facts(pieces: Iterable[Piece], today: date) -> EvidenceFacts:
    current = expired = 0
    for piece in pieces:
        if in_force(piece, today):
            current += 1
        elif not piece.withdrawn and piece.expires_on is not None and piece.expires_on < today:
            expired += 1
    return EvidenceFacts(current, expired)


class RejectedUpload(ValueError):
    """`code` names the reason, so the UI can say it in the user's language."""

    def __init__(self, code: str, message: str, **params: object) -> None:
        super().__init__(message)
        self.code = code
        self.params = params


# What we accept, by content; the file name's extension must agree with it.
ACCEPTED: dict[str, tuple[str, ...]] = {
    "application/pdf": (".pdf",),
    "image/png": (".png",),
    "image/jpeg": (".jpg", ".jpeg"),
    "image/gif": (".gif",),
    "image/webp": (".webp",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (".docx",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": (".xlsx",),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": (".pptx",),
    "application/vnd.oasis.opendocument.text": (".odt",),
    "application/vnd.oasis.opendocument.spreadsheet": (".ods",),
    "application/vnd.oasis.opendocument.presentation": (".odp",),
    "application/x-ole-storage": (".doc", ".xls", ".ppt"),  # legacy Office
}
OOXML_PARTS = {
    "word/": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xl/": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt/": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}


def _zip_type(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            if "mimetype" in names:
                declared = archive.read("mimetype").decode("ascii", "replace").strip()
                return declared if declared in ACCEPTED else None
            if "[Content_Types].xml" in names:
                for prefix, media_type in OOXML_PARTS.items():
                    if any(name.startswith(prefix) for name in names):
                        return media_type
    except zipfile.BadZipFile:
        return None
    return None


def sniff(data: bytes) -> str | None:
    """The media type that the bytes themselves show, or None."""
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "application/x-ole-storage"
    if data.startswith(b"PK\x03\x04"):
        return _zip_type(data)
    return None


def check_upload(file_name: str, data: bytes, *, max_bytes: int) -> str:
    """Return the media type of an acceptable upload, or raise RejectedUpload."""
    name = PurePath(file_name or "").name
    if not name:
        raise RejectedUpload("no_name", "The file has no name.")
    if not data:
        raise RejectedUpload("empty", "The file is empty.")
    if len(data) > max_bytes:
        limit = round(max_bytes / 1_048_576)
        raise RejectedUpload(
            "too_large",
            f"The file is {len(data) / 1_048_576:.1f} MB; the limit is {limit} MB.",
            limit=limit,
        )
    media_type = sniff(data)
    if media_type is None:
        raise RejectedUpload(
            "unknown_type",
            "This is not a document we accept: upload a PDF, an office document "
            "(Word, Excel, PowerPoint or OpenDocument) or an image (PNG, JPEG, GIF, WebP).",
        )
    suffix = PurePath(name).suffix.lower()
    if suffix not in ACCEPTED[media_type]:
        expected = ACCEPTED[media_type][0]
        raise RejectedUpload(
            "name_mismatch",
            f"The file is named {name} but its content is {media_type}: "
            f"rename it to {expected} or upload the right file.",
            name=name,
            media_type=media_type,
            expected=expected,
        )
    return media_type
