"""What the audit pages share: the timeline context, the pack download, the report."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from app.audit import log as audit_log
from app.audit import pack as audit_pack
from app.audit.timeline import timeline
from app.evidence.storage import BlobStore
from app.i18n import LOCALES
from app.models.initiatives import Initiative
from app.rendering import environment
from app.reports.initiative import report_from_export
from app.web.templating import is_partial_request


def render_report(context: dict[str, Any], locale: str) -> str:
    """The pack's report.html: the initiative report's template, from the pack's export."""
    template = environment(locale).get_template("audit/report.html")
    return template.render(context, report=report_from_export(context))


def timeline_context(
    request: Request, session: Session, initiative: Initiative, *, show_chain: bool
) -> dict[str, Any]:
    """The filtered timeline; the whole chain's status only for who may read it, and
    only on the full page: a filter swap shows just the list, so it skips the walk."""
    walk = show_chain and not is_partial_request(request)
    return {
        "initiative": initiative,
        "timeline": timeline(session, initiative.id, request.query_params),
        "chain": audit_log.verify(session) if walk else None,
    }


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
        render_report=render_report,
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
