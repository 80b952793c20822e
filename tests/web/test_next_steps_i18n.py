"""Every string of the "what to do next" panel reads in Swedish at runtime (its new ones come
from app/locale/sv/LC_MESSAGES/next_steps.po until they are folded into messages.po)."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_file

from app.i18n import translations

ROOT = Path(__file__).resolve().parents[2]
PANEL = ROOT / "templates" / "initiatives" / "_next_steps.html"
OPTIONS = {
    "extensions": "jinja2.ext.i18n",
    "newstyle_gettext": "true",
    "trim_blocks": "true",
    "lstrip_blocks": "true",
    "silent": "false",
}


def test_every_string_of_the_panel_is_translated() -> None:
    sv = translations("sv")
    found = list(extract_from_file("jinja2", PANEL, DEFAULT_KEYWORDS, options=OPTIONS))
    assert len(found) > 15
    untranslated = []
    for _line, message, _comments, _context in found:
        if isinstance(message, str):
            translated = sv.gettext(message)
        else:
            singular, plural = message[0], message[1]
            translated = sv.ngettext(singular, plural, 1) + sv.ngettext(singular, plural, 2)
            message = singular + plural
        if translated == message:
            untranslated.append(message)
    assert untranslated == []
