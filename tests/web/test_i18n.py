"""The Swedish catalog covers every UI string, and its translations keep their placeholders.

When a test here fails after a template change, run `scripts/update_catalog.sh`, translate
the new or changed entries in app/locale/sv/LC_MESSAGES/messages.po (and drop any
`#, fuzzy` flag once the translation is checked), then run these tests again.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from jinja2 import Environment

from app.i18n import translations

ROOT = Path(__file__).resolve().parents[2]
BABEL_CFG = ROOT / "babel.cfg"
POT = ROOT / "app" / "locale" / "messages.pot"
SV_PO = ROOT / "app" / "locale" / "sv" / "LC_MESSAGES" / "messages.po"
HOW_TO_FIX = (
    "Run scripts/update_catalog.sh, then translate the entries in "
    "app/locale/sv/LC_MESSAGES/messages.po (and remove their '#, fuzzy' flag)."
)

# A printf-style conversion as Python's `%` operator reads it, `%%` included.
CONVERSION = re.compile(
    r"%(?:\((?P<name>[^)]*)\))?[#0 +-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?[diouxXeEfFgGcrsa%]"
)

Key = tuple[str | None, str]  # (context, singular msgid)


# Babel types a message id as `str | tuple[str, ...] | list[str]`; plural ids are tuples.
MessageId = str | Sequence[str]


def _key(context: str | None, msgid: MessageId) -> Key:
    return context, msgid if isinstance(msgid, str) else msgid[0]


@cache
def _extracted() -> dict[Key, str | tuple[str, ...]]:
    """Every marked string in the templates and under app/, extracted as babel.cfg says."""
    with BABEL_CFG.open(encoding="utf-8") as handle:
        # Babel leaves parse_mapping_cfg unannotated.
        method_map, options_map = parse_mapping_cfg(  # type: ignore[no-untyped-call]
            handle, filename=str(BABEL_CFG)
        )
    found: dict[Key, str | tuple[str, ...]] = {}
    for _filename, _lineno, message, _comments, context in extract_from_dir(
        ROOT, method_map, options_map, keywords=DEFAULT_KEYWORDS
    ):
        found[_key(context, message)] = message
    return found


def _read(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=locale)


def _entries(catalog: Catalog) -> list[Message]:
    return [message for message in catalog if message.id]


def _label(message: Message | MessageId) -> str:
    msgid = message.id if isinstance(message, Message) else message
    return msgid if isinstance(msgid, str) else msgid[0]


def _forms(value: MessageId) -> tuple[str, ...]:
    """A message id or translation as a tuple of its singular and plural forms."""
    return (value,) if isinstance(value, str) else tuple(value)


def _conversions(text: str) -> list[str]:
    return sorted(match.group(0) for match in CONVERSION.finditer(text))


def test_extraction_finds_the_template_strings() -> None:
    found = _extracted()
    assert (None, "Log in") in found
    assert found[(None, "%(num)d initiative")] == ("%(num)d initiative", "%(num)d initiatives")


def test_every_ui_string_has_a_swedish_translation() -> None:
    catalog = _read(SV_PO, "sv")
    missing = []
    for (context, msgid), message in sorted(_extracted().items(), key=lambda kv: kv[0][1]):
        entry = catalog.get(msgid, context=context)
        strings = () if entry is None else entry.string
        if isinstance(strings, str):
            strings = (strings,)
        if entry is None or entry.fuzzy or not strings or not all(s.strip() for s in strings):
            state = "missing" if entry is None else "fuzzy" if entry.fuzzy else "untranslated"
            missing.append(f"  {_label(message)!r} ({state})")
    assert not missing, (
        f"{len(missing)} UI string(s) lack a Swedish translation:\n"
        + "\n".join(missing)
        + f"\n{HOW_TO_FIX}"
    )


def test_the_template_catalog_is_up_to_date() -> None:
    in_pot = {_key(m.context, m.id) for m in _entries(_read(POT))}
    new = sorted(key[1] for key in _extracted() if key not in in_pot)
    assert not new, (
        "app/locale/messages.pot lacks these strings:\n  "
        + "\n  ".join(map(repr, new))
        + f"\n{HOW_TO_FIX}"
    )


def test_swedish_catalog_header() -> None:
    catalog = _read(SV_PO, "sv")
    assert not catalog.fuzzy
    assert catalog.num_plurals == 2
    assert catalog.plural_expr.replace(" ", "") == "(n!=1)"


def test_login_label_in_both_languages() -> None:
    assert translations("sv").gettext("Log in") == "Logga in"
    assert translations("en").gettext("Log in") == "Log in"


def test_swedish_plural_forms() -> None:
    sv = translations("sv")
    singular, plural = "%(num)d checklist item", "%(num)d checklist items"
    assert sv.ngettext(singular, plural, 1) == "%(num)d checklistpunkt"
    assert sv.ngettext(singular, plural, 2) == "%(num)d checklistpunkter"
    assert translations("en").ngettext(singular, plural, 2) == plural


def test_templates_render_swedish_with_newstyle_gettext() -> None:
    env = Environment(extensions=["jinja2.ext.i18n"], autoescape=True)
    env.install_gettext_translations(translations("sv"), newstyle=True)  # type: ignore[attr-defined]
    template = env.from_string(
        '{{ ngettext("%(num)d initiative", "%(num)d initiatives", n) }}|'
        '{{ _("Advance to %(phase)s", phase=_("Pilot")) }}|{{ _("Log out") }}'
    )
    assert template.render(n=3) == "3 initiativ|Gå vidare till Pilot|Logga ut"


def test_translations_keep_their_placeholders() -> None:
    # Newstyle gettext %-formats every string, so a stray "%" breaks a page too.
    values: defaultdict[str, int] = defaultdict(lambda: 1)
    problems = []
    for message in _entries(_read(SV_PO, "sv")):
        msgids = _forms(message.id)
        strings = _forms(message.string or "")
        for index, text in enumerate(strings):
            if not text:
                continue  # reported by test_every_ui_string_has_a_swedish_translation
            msgid = msgids[min(index, len(msgids) - 1)]
            expected, actual = _conversions(msgid), _conversions(text)
            if expected != actual:
                problems.append(f"  {msgid!r} -> {text!r}: {actual} instead of {expected}")
                continue
            try:
                text % values
            except (TypeError, ValueError, KeyError) as error:
                problems.append(f"  {msgid!r} -> {text!r}: {error}")
    assert not problems, "Swedish translations with broken placeholders:\n" + "\n".join(problems)
