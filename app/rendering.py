"""Jinja2 environments, one per locale, shared by pages, PDFs and e-mails."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from enum import StrEnum
from functools import cache, partial
from pathlib import Path
from zoneinfo import ZoneInfo

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from app import labels, messages
from app.i18n import LOCALES, translations
from app.reports import charts

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates"


# Swedish regions read local time; the database keeps UTC.
LOCAL_TIME = ZoneInfo("Europe/Stockholm")


def _datetime(value: datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    return value.astimezone(LOCAL_TIME).strftime(fmt) if value else ""


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


@cache
def environment(locale: str) -> Environment:
    # One environment per locale: install_gettext_translations changes globals,
    # so switching a shared one per request would leak between requests.
    env = Environment(
        loader=FileSystemLoader(TEMPLATE_DIR),
        autoescape=select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"],
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_translations(translations(locale), newstyle=True)  # type: ignore[attr-defined]
    env.globals["locale"] = locale
    env.globals["LOCALES"] = LOCALES
    env.globals["geometry"] = charts  # the chart geometry, for charts of translated labels
    env.filters["datetime"] = _datetime
    # `phase|label`, `code|label("Flash")`; `error.code|message(error.message, error.params)`
    env.filters["label"] = partial(_label, locale=locale)
    env.filters["message"] = partial(_message, locale=locale)
    return env
