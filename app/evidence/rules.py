"""Rules of evidence that need no database: what is kept of an uploaded file's name."""

from __future__ import annotations

import unicodedata

FILE_NAME_MAX = 255


def clean_file_name(name: str | None) -> str:
    """The printable part of the name's last path segment, at most FILE_NAME_MAX characters
    (keeping its end, where the extension is). Control and format characters go: a line
    break would break the download's header, a right-to-left mark would disguise the
    extension."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    kept = "".join(ch for ch in unicodedata.normalize("NFC", base) if ch.isprintable())
    return kept.strip()[-FILE_NAME_MAX:]
