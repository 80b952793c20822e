"""Jinja2 environments, one per locale, shared by pages, PDFs and e-mails."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from enum import StrEnum
from functools import cache, partial
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date as babel_date
from babel.dates import format_datetime as babel_datetime
from babel.numbers import format_currency, format_decimal, get_decimal_symbol
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from app import labels, messages
from app.i18n import LOCALES, catalog_files, translations
from app.reports import charts
from app.translated_templates import TranslatedEnvironment, bytecode_cache

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates"


# Swedish regions read local time; the database keeps UTC.
LOCAL_TIME = ZoneInfo("Europe/Stockholm")


def _datetime(value: datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    return value.astimezone(LOCAL_TIME).strftime(fmt) if value else ""


# Numbers and dates in the reader's locale (Babel): "12 345", "5,0", "12 345 kr" and
# 2026-01-15 in Swedish; "12,345", "5.0", "12,345 SEK" and 15 Jan 2026 in (British) English.
BABEL_LOCALES = {"sv": "sv_SE", "en": "en_GB"}
DATE_PATTERNS = {"sv": "yyyy-MM-dd", "en": "d MMM yyyy"}
DATETIME_PATTERNS = {"sv": "yyyy-MM-dd HH:mm", "en": "d MMM yyyy, HH:mm"}
EMPTY = "–"


def _babel(locale: str) -> str:
    return BABEL_LOCALES.get(locale, BABEL_LOCALES["sv"])


def format_number(value: float | None, locale: str) -> str:
    """A whole number with the locale's grouping ("12 345")."""
    return EMPTY if value is None else format_decimal(round(value), locale=_babel(locale))


def format_fixed(value: float | None, locale: str, digits: int = 1) -> str:
    """A number with `digits` decimals, always shown ("5,0", "0,0")."""
    if value is None:
        return EMPTY
    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    return format_decimal(value, format=pattern, locale=_babel(locale))


def format_sek(value: float | None, locale: str) -> str:
    """Whole kronor: "12 345 kr" in Swedish, "12,345 SEK" in English."""
    if value is None:
        return EMPTY
    return format_currency(
        round(value), "SEK", format="#,##0\xa0¤", currency_digits=False, locale=_babel(locale)
    )


def _parse_iso(value: str) -> date | datetime:
    return datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)


def format_day(value: date | datetime | str | None, locale: str, *, time: bool = False) -> str:
    """A date (or the local date and, with `time`, the time of a moment) in the locale's
    form; an ISO date string is read first, as the audit log stores dates as text."""
    if value is None or value == "":
        return EMPTY
    if isinstance(value, str):
        try:
            return format_day(_parse_iso(value), locale, time=time)
        except ValueError:
            return value
    key = locale if locale in DATE_PATTERNS else "sv"
    if isinstance(value, datetime):
        moment = value.astimezone(LOCAL_TIME) if value.tzinfo else value
        if time:
            return babel_datetime(moment, DATETIME_PATTERNS[key], locale=_babel(locale))
        value = moment.date()
    return babel_date(value, DATE_PATTERNS[key], locale=_babel(locale))


def _label(value: StrEnum | str | None, of: str | None = None, *, locale: str) -> str:
    return labels.label(value, locale, of)


def _message(
    code: str | None,
    default: str = "",
    params: Mapping[str, object] | None = None,
    *,
    locale: str,
) -> str:
    return messages.message(code, locale, default, params)


def _number(value: float | None, *, locale: str) -> str:
    return format_number(value, locale)


def _fixed(value: float | None, digits: int = 1, *, locale: str) -> str:
    return format_fixed(value, locale, digits)


def _sek(value: float | None, *, locale: str) -> str:
    return format_sek(value, locale)


def _day(value: date | datetime | str | None, time: bool = False, *, locale: str) -> str:
    return format_day(value, locale, time=time)


@cache
def environment(locale: str) -> Environment:
    # One environment per locale: install_gettext_translations changes globals,
    # so switching a shared one per request would leak between requests.
    env = TranslatedEnvironment(
        translations(locale).gettext,
        loader=FileSystemLoader(TEMPLATE_DIR),
        autoescape=select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"],
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        # Compiled templates shared by every process and worker: a new one starts warm.
        bytecode_cache=bytecode_cache(locale, catalog_files(locale)),
        # Templates ship with the code and change only with a restart: no stat a render.
        auto_reload=False,
    )
    env.install_gettext_translations(translations(locale), newstyle=True)  # type: ignore[attr-defined]
    env.globals["locale"] = locale
    env.globals["LOCALES"] = LOCALES
    env.globals["geometry"] = charts  # the chart geometry, for charts of translated labels
    env.filters["datetime"] = _datetime
    env.filters["number"] = partial(_number, locale=locale)  # 12 345
    env.filters["decimal"] = partial(_fixed, locale=locale)  # |decimal(1): 5,0
    env.filters["sek"] = partial(_sek, locale=locale)  # 12 345 kr
    env.filters["date"] = partial(_day, locale=locale)  # |date, |date(time=true)
    env.globals["decimal_mark"] = get_decimal_symbol(_babel(locale))  # for charts.py figures
    # `phase|label`, `code|label("Flash")`; `error.code|message(error.message, error.params)`
    env.filters["label"] = partial(_label, locale=locale)
    env.filters["message"] = partial(_message, locale=locale)
    env.filters["stored"] = partial(messages.stored, locale=locale)  # a rationale the app wrote
    return env


def macro_html(locale: str, template: str, macro: str, *args: Any) -> Markup:
    """A macro of `template` rendered on its own, for a fragment that a page repeats and
    its caller renders once and keeps: the markup stays in the template."""
    shown = getattr(environment(locale).get_template(template).module, macro)(*args)
    assert isinstance(shown, Markup)  # autoescaped
    return shown
