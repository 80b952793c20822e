"""Babel catalogs, compiled in memory from the .po files at start-up."""

from __future__ import annotations

from functools import cache
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

LOCALES = ("sv", "en")
DEFAULT_LOCALE = "sv"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"


@cache
def translations(locale: str) -> NullTranslations:
    # Templates are written in English; English needs no catalog.
    # messages.po is the catalog; any other .po beside it adds entries (a feature's
    # strings before scripts/update_catalog.sh folds them in).
    files = catalog_files(locale)
    if not files:
        return NullTranslations()
    merged: Translations | None = None
    for po in files:
        with po.open("rb") as handle:
            catalog = read_po(handle, locale=locale)
        buffer = BytesIO()
        write_mo(buffer, catalog, use_fuzzy=False)
        buffer.seek(0)
        part = Translations(buffer)
        if merged is None:
            merged = part
        else:
            merged.merge(part)
    assert merged is not None
    return merged


def catalog_files(locale: str) -> list[Path]:
    """The locale's .po files, messages.po first; none for English."""
    if locale == "en":
        return []
    folder = LOCALE_DIR / locale / "LC_MESSAGES"
    return sorted(folder.glob("*.po"), key=lambda path: path.name != "messages.po")


def pick_locale(*candidates: str | None, accept_language: str = "") -> str:
    """The first supported choice: profile, then session, then the browser, then Swedish."""
    for candidate in candidates:
        if candidate in LOCALES:
            return candidate
    for part in accept_language.split(","):
        tag = part.split(";")[0].strip().lower()[:2]
        if tag in LOCALES:
            return tag
    return DEFAULT_LOCALE
