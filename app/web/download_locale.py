"""The language of a download (CSV, XLSX, PDF): `lang` from the query string, else the
page's own, so a Swedish reader gets a Swedish file (and Swedish CSV: `;`, decimal comma)."""

from __future__ import annotations

from starlette.requests import Request

from app import errors
from app.i18n import LOCALES
from app.web.deps import request_locale


def download_locale(request: Request) -> str:
    asked = request.query_params.get("lang")
    if asked is not None and asked not in LOCALES:
        raise errors.InvalidInput("lang", "lang must be sv or en.")
    return asked or request_locale(request)
