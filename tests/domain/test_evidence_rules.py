from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest

from app.domain.evidence import Piece, RejectedUpload, check_upload, facts, in_force, sniff

TODAY = date(2026, 11, 24)
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def office(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX = office({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
ODS = office({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b""})


def test_expiry_is_the_last_valid_day() -> None:
    assert in_force(Piece(date(2026, 1, 1), TODAY, False), TODAY)
    assert not in_force(Piece(date(2026, 1, 1), date(2026, 11, 23), False), TODAY)
    assert not in_force(Piece(date(2026, 12, 1), None, False), TODAY)  # not yet
    assert not in_force(Piece(date(2026, 1, 1), None, True), TODAY)  # withdrawn


def test_an_item_needs_renewal_only_when_nothing_in_force_remains() -> None:
    expired = Piece(date(2025, 1, 1), date(2025, 12, 31), False)
    current = Piece(date(2026, 1, 1), None, False)
    assert facts([expired], TODAY).needs_renewal
    assert not facts([expired, current], TODAY).needs_renewal
    assert not facts([], TODAY).needs_renewal
    assert not facts([Piece(date(2025, 1, 1), date(2025, 12, 31), True)], TODAY).needs_renewal


@pytest.mark.parametrize(
    ("name", "data", "media_type"),
    [
        ("beslut.pdf", PDF, "application/pdf"),
        ("karta.PNG", PNG, "image/png"),
        (
            "avtal.docx",
            DOCX,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("budget.ods", ODS, "application/vnd.oasis.opendocument.spreadsheet"),
        (
            "gammal.doc",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64,
            "application/x-ole-storage",
        ),
    ],
)
def test_accepted_documents_are_recognised_by_content(
    name: str, data: bytes, media_type: str
) -> None:
    assert check_upload(name, data, max_bytes=1_000_000) == media_type


@pytest.mark.parametrize(
    ("name", "data", "fragment"),
    [
        ("beslut.pdf", b"<html><script>alert(1)</script></html>", "not a document we accept"),
        ("beslut.pdf", PNG, "its content is image/png"),
        ("program.exe", PDF, "its content is application/pdf"),
        ("tom.pdf", b"", "empty"),
        ("zip.docx", office({"a.txt": b"x"}), "not a document we accept"),
        ("", PDF, "no name"),
    ],
)
def test_uploads_are_refused_with_a_reason(name: str, data: bytes, fragment: str) -> None:
    with pytest.raises(RejectedUpload, match=fragment):
        check_upload(name, data, max_bytes=1_000_000)


def test_the_size_cap_names_the_limit() -> None:
    with pytest.raises(RejectedUpload, match="limit is 1 MB"):
        check_upload("stor.pdf", PDF + b"0" * 1_048_576, max_bytes=1_048_576)
    assert sniff(PDF) == "application/pdf"
