"""What the audit pages share: the timeline context, the chain's check, the pack
download and its report."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from app import errors
from app.audit import log as audit_log
from app.audit import pack as audit_pack
from app.audit.readable import exported_sentences, readable
from app.audit.timeline import clean_filters, timeline
from app.audit.vocabulary import reason_words
from app.clock import utc_now
from app.evidence.storage import BlobStore
from app.i18n import LOCALES, pick_locale, translations
from app.models.initiatives import Initiative
from app.rendering import environment
from app.reports.initiative import report_from_export
from app.web.deps import request_locale
from app.web.templating import is_partial_request


def render_report(context: dict[str, Any], locale: str, *, session: Session | None = None) -> str:
    """The pack's report.html: the initiative report's template, from the pack's export,
    with each audit entry as a sentence (people named when a session can look them up)."""
    template = environment(locale).get_template("audit/report.html")
    said = exported_sentences(
        session,
        context.get("audit_entries", []),
        locale,
        model_version=context["initiative"]["model_version"],
    )
    return template.render(context, report=report_from_export(context), audit_sentences=said)


def page_locale(request: Request) -> str:
    """A signed-in reader's language; an auditor link's comes from ?lang= or the browser."""
    if getattr(request.state, "user", None) is not None:
        return request_locale(request)
    asked = request.query_params.get("lang")
    return pick_locale(asked, accept_language=request.headers.get("Accept-Language", ""))


def timeline_context(
    request: Request, session: Session, initiative: Initiative, *, show_chain: bool
) -> dict[str, Any]:
    """The filtered timeline in the reader's language. The whole chain is checked only
    when asked (the button), so neither the page nor a filter swap walks it."""
    filter_error: errors.InvalidInput | None = None
    try:
        found = timeline(session, initiative.id, request.query_params)
    except errors.InvalidInput as error:  # a bad date: say so, and leave the dates out
        filter_error = error
        params = {k: v for k, v in request.query_params.items() if k not in ("from", "to")}
        found = timeline(session, initiative.id, params)
    lang = request.query_params.get("lang")
    verify_path = request.url.path.rstrip("/") + "/verify"
    return {
        "initiative": initiative,
        "timeline": found,
        "trail": readable(
            session, found, page_locale(request), model_version=initiative.model_version
        ),
        "filter_error": filter_error,
        "entered": clean_filters(request.query_params),  # a refused date stays in its field
        "may_verify": show_chain,
        "verify_path": verify_path + (f"?lang={lang}" if lang in LOCALES else ""),
    }


@dataclass(frozen=True)
class ChainCheck:
    """The chain's verification, said in words, and when it was made."""

    ok: bool
    entries: int
    first_broken: int | None
    why: str
    at: datetime
    wrong_key: bool = False  # the service's key is not the chain's: nothing can be said


def chain_check(session: Session, locale: str) -> ChainCheck:
    try:
        found = audit_log.verify(session)
    except audit_log.WrongAuditKey:
        return ChainCheck(False, 0, None, "", utc_now(), wrong_key=True)
    why = "" if found.ok else translations(locale).gettext(reason_words(found.reason))
    return ChainCheck(found.ok, found.entries, found.first_broken, why, utc_now())


def filtered_url(base_path: str, filters: dict[str, str], **extra: str | None) -> str:
    """The timeline's address with only the filters in use, for the browser's history."""
    params = {**filters, **{k: v for k, v in extra.items() if v}}
    return base_path + (f"?{urlencode(params)}" if params else "")


def with_pushed_url(
    request: Request, response: HTMLResponse, context: dict[str, Any], **extra: str | None
) -> HTMLResponse:
    """After a filter swap, the browser's history gets the filtered timeline's address."""
    if is_partial_request(request):
        filters = context["timeline"].filters
        response.headers["HX-Push-Url"] = filtered_url(context["base_path"], filters, **extra)
    return response


def pack_locale(request: Request, fallback: str) -> str:
    asked = request.query_params.get("lang")
    return asked if asked in LOCALES else fallback


def pack_response(
    session: Session,
    *,
    initiative: Initiative,
    store: BlobStore,
    generated_by: str,
    locale: str,
) -> Response:
    data = audit_pack.build_pack(
        session,
        initiative=initiative,
        store=store,
        generated_by=generated_by,
        render_report=partial(render_report, session=session),
        locale=locale,
    )
    name = f"klusterfas-audit-pack-{initiative.id}.zip"
    return Response(
        data,
        media_type="application/zip",
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "private, no-store",
        },
    )
