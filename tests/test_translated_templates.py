"""Templates are translated as they compile (app/translated_templates.py): the same text and
the same escaping as the i18n extension's gettext on every render, without its calls."""

from __future__ import annotations

from pathlib import Path

import pytest
from markupsafe import Markup

from app.i18n import catalog_files, translations
from app.rendering import environment
from app.translated_templates import bytecode_cache


def show(source: str, locale: str, **values: object) -> str:
    return environment(locale).from_string(source).render(**values)


def test_a_literal_is_the_catalogs_text_in_each_language() -> None:
    assert show('{{ _("Phases") }}', "sv") == translations("sv").gettext("Phases") == "Faser"
    assert show('{{ _("Phases") }}', "en") == "Phases"


def test_the_compiled_template_calls_no_gettext_for_a_literal() -> None:
    source = environment("sv").compile('{{ _("Phases") }}', raw=True)
    assert "Faser" in source
    assert "gettext" not in source


def test_variables_are_escaped_as_gettext_escapes_them() -> None:
    source = '{{ _("Closed from %(phase)s.", phase=p) }}'
    assert show(source, "en", p="<b>") == "Closed from &lt;b&gt;."
    assert show(source, "en", p=Markup("<b>pilot</b>")) == "Closed from <b>pilot</b>."
    swedish = translations("sv").gettext("Closed from %(phase)s.") % {"phase": "&lt;b&gt;"}
    assert show(source, "sv", p="<b>") == swedish != "Closed from &lt;b&gt;."


def test_a_text_is_formatted_even_without_variables_and_marked_safe() -> None:
    assert show('{{ _("100 %% klart <i>nu</i>") }}', "en") == "100 % klart <i>nu</i>"
    # Outside HTML (a text e-mail), as gettext does: formatted, never escaped.
    plain = (
        '{% autoescape false %}{{ _("Closed from %(phase)s.", phase="<b>") }}{% endautoescape %}'
    )
    assert show(plain, "en") == "Closed from <b>."


def test_a_call_with_a_value_not_literal_still_translates_when_rendered() -> None:
    assert show("{{ _(word) }}", "sv", word="Phases") == "Faser"
    assert show("{{ ngettext('%(num)d day', '%(num)d days', 2) }}", "en") == "2 days"


def test_a_broken_text_fails_when_rendered_as_before_not_when_compiled() -> None:
    template = environment("en").from_string('{{ _("%(missing)s") }}')
    with pytest.raises(KeyError):
        template.render()


def test_compiled_templates_are_cached_per_language_and_catalog(tmp_path: Path) -> None:
    catalog = tmp_path / "messages.po"
    catalog.write_text('msgid "a"\nmsgstr "b"\n')
    first = bytecode_cache("sv", [catalog]).pattern
    assert first != bytecode_cache("en", []).pattern
    catalog.write_text('msgid "a"\nmsgstr "c"\n')
    assert bytecode_cache("sv", [catalog]).pattern != first
    assert bytecode_cache("sv", catalog_files("sv")).pattern.startswith("__klusterfas_sv_")
