"""The FastAPI application: middleware, static files, routers and error mapping."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy import inspect
from sqlalchemy.exc import DataError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from starlette.exceptions import HTTPException
from starlette.middleware.sessions import SessionMiddleware

from app import errors, messages
from app.audit.log import WrongAuditKey
from app.config import Settings
from app.db import Timeouts, make_engine, make_sessionmaker, unavailable
from app.domain.workflow import TransitionRefused
from app.evidence.storage import BlobStore
from app.health import readiness
from app.uow import lost_race
from app.web import observability
from app.web.api import access as access_api
from app.web.api import actors as actors_api
from app.web.api import assessments as assessments_api
from app.web.api import audit as audit_api
from app.web.api import comments as comments_api
from app.web.api import evidence as evidence_api
from app.web.api import funding_organisations as funding_organisations_api
from app.web.api import grants as grants_api
from app.web.api import initiatives as initiatives_api
from app.web.api import labels as labels_api
from app.web.api import model_versions as model_versions_api
from app.web.api import phase_model as phase_model_api
from app.web.api import portfolio as portfolio_api
from app.web.api import programme as programme_api
from app.web.api import reviews as reviews_api
from app.web.api import support as support_api
from app.web.deps import LoginRequired, request_locale
from app.web.guards import BodyLimit, check_request, document_problems, validation_problem
from app.web.pages import (
    access,
    accessibility,
    account,
    actors,
    admin_users,
    assessments,
    audit,
    auditor,
    comments,
    confirmations,
    deadlines,
    evidence,
    excellence,
    funding_organisations,
    grants,
    initiative_edit,
    initiatives,
    invitations,
    items,
    model_versions,
    notifications,
    phase_model,
    portfolio,
    programme,
    regions,
    reports,
    reviews,
    session,
    support,
    worklist,
)
from app.web.problems import status_of
from app.web.security import CsrfError, SecurityHeadersMiddleware, check_csrf
from app.web.templating import is_partial_request, render

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
RETRY = {"Retry-After": "5"}  # seconds: a 503's database outage or timeout


def create_app(
    settings: Settings | None = None, *, sessions: sessionmaker[Session] | None = None
) -> FastAPI:
    settings = settings or Settings.from_env()
    if not settings.audit_key:
        raise ValueError("Klusterfas needs an audit key (KLUSTERFAS_AUDIT_KEY).")
    app = FastAPI(
        title="Klusterfas",
        version="0.1.0",
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
        dependencies=[Depends(check_csrf), Depends(check_request)],
    )
    bind_state(app, settings, sessions)

    app.add_middleware(
        BodyLimit,
        upload_max_bytes=settings.upload_max_bytes,
        body_max_bytes=settings.body_max_bytes,
    )
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.secret_key,
        session_cookie="klusterfas_session",
        max_age=settings.session_max_age,
        same_site="lax",
        https_only=settings.secure_cookies,
    )
    app.add_middleware(SecurityHeadersMiddleware, hsts=settings.secure_cookies)
    observability.install(app)  # outermost: request id, JSON log line, metrics
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    for page in (
        session, initiatives, evidence, reviews, model_versions, phase_model, actors,
        assessments, audit, access, auditor, portfolio, reports, deadlines, programme,
        grants, funding_organisations,
        worklist, notifications, comments,
        support, excellence,
        items, confirmations, accessibility,
        admin_users, account, invitations, regions, initiative_edit,
    ):  # fmt: skip
        app.include_router(page.router)
    for api in (
        initiatives_api, evidence_api, reviews_api, model_versions_api, phase_model_api,
        actors_api, assessments_api, audit_api, access_api, portfolio_api, programme_api,
        grants_api, funding_organisations_api,
        support_api, labels_api,
        comments_api,
    ):  # fmt: skip
        app.include_router(api.router)

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/readyz", include_in_schema=False)
    def readyz() -> JSONResponse:
        state = readiness(app.state.sessionmaker)
        if state.ready:
            return JSONResponse(state.as_dict())
        return JSONResponse(state.as_dict(), status_code=503, headers=RETRY)

    _error_handlers(app)
    document_problems(app)
    return app


def bind_state(
    app: FastAPI, settings: Settings, sessions: sessionmaker[Session] | None = None
) -> None:
    """What requests read from the app: its settings, its sessions and its evidence store.
    The tests bind each test's own to one app per database (the middleware's settings are
    the same for all), since FastAPI prepares every route of a new app on first use."""
    app.state.settings = settings
    app.state.sessionmaker = sessions or make_sessionmaker(
        make_engine(settings.database_url, timeouts=_timeouts(settings)),
        audit_key=settings.audit_key,
    )
    app.state.blob_store = BlobStore(
        settings.data_dir if settings.evidence_store == "files" else None
    )


def _timeouts(settings: Settings) -> Timeouts:
    return Timeouts(
        statement_ms=settings.db_statement_timeout_ms,
        lock_ms=settings.db_lock_timeout_ms,
        busy_ms=settings.db_busy_timeout_ms,
    )


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


# The code of a refusal raised as a bare HTTP status (by FastAPI, Starlette or a router).
HTTP_CODES = {
    400: "bad_request",
    401: "not_authenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    422: "invalid_input",
    429: "too_many_requests",
}


def _error(
    request: Request,
    status: int,
    detail: str,
    code: str,
    params: Mapping[str, object] | None = None,
    **extra: object,
) -> Response:
    """JSON for the API (`detail` in English and a stable `code`), else the error page,
    which says the code's message in the reader's language.

    The handlers that call it are plain functions, which Starlette runs in a worker
    thread: the page may read the database (the navigation's counts), never on the loop."""
    if _is_api(request):
        return JSONResponse({"detail": detail, "code": code, **extra}, status_code=status)
    if code not in messages.MESSAGES:  # the English detail is for logs: say the status
        detail = messages.for_status(status, request_locale(request))
    context = {"status": status, "detail": detail, "code": code, "params": params or {}}
    block = "content" if is_partial_request(request) else None
    try:
        return render(request, "error.html", context, status_code=status, block=block)
    finally:
        # The request's session was closed before the handler ran; let go of it again.
        session = getattr(request.state, "db", None)
        if session is not None:
            session.close()


def _error_handlers(app: FastAPI) -> None:
    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, _: LoginRequired) -> Response:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        if is_partial_request(request):
            return Response(status_code=401, headers={"HX-Redirect": f"/login?next={target}"})
        return RedirectResponse(f"/login?next={target}", status_code=303)

    @app.exception_handler(CsrfError)
    def csrf_error(request: Request, error: CsrfError) -> Response:
        return _error(request, 403, str(error), error.code)

    # A misconfigured server, not a broken chain: nothing is written until it is fixed.
    @app.exception_handler(WrongAuditKey)
    def wrong_audit_key(request: Request, error: WrongAuditKey) -> Response:
        return _error(request, 503, str(error), error.code)

    # NotFound, Forbidden, Conflict, InvalidInput: the status from the one table (problems).
    @app.exception_handler(errors.Refused)
    def refused_by_use_case(request: Request, error: errors.Refused) -> Response:
        extra = {"field": error.field} if isinstance(error, errors.InvalidInput) else {}
        return _error(request, status_of(error), error.message, error.code, error.params, **extra)

    @app.exception_handler(TransitionRefused)
    def refused(request: Request, error: TransitionRefused) -> Response:
        refusal = error.refusal
        return _error(
            request,
            status_of(error),
            refusal.detail,
            refusal.code,
            refusal.params,
            missing=list(refusal.missing),
            trigger=refusal.trigger,
        )

    @app.exception_handler(RequestValidationError)
    def unreadable(request: Request, error: RequestValidationError) -> Response:
        # The first problem as every refusal says it, then each; never the input itself,
        # which may be what cannot be encoded (an unpaired surrogate, 1e309).
        problems = [validation_problem(e) for e in error.errors()]
        first = problems[0] if problems else {"field": "body", "message": "Invalid input."}
        return _error(
            request, 422, first["message"], "invalid_input", field=first["field"], errors=problems
        )

    @app.exception_handler(SQLAlchemyError)
    def database_error(request: Request, error: SQLAlchemyError) -> Response:
        if unavailable(error):
            # The page must not ask the database again, nor read a user it cannot load.
            request.state.db = None
            user = getattr(request.state, "user", None)
            if user is not None and inspect(user).expired_attributes:
                request.state.user = None
            detail = "The database is not answering just now; try again in a moment."
            response = _error(request, 503, detail, "database_unavailable")
            response.headers.update(RETRY)
            return response
        if isinstance(error, DataError):  # a value past what the column can hold
            detail = "A value is out of range or cannot be stored."
            return _error(request, 422, detail, "invalid_value", field="body")
        if (conflict := lost_race(error)) is not None:  # a write outside a unit of work
            return _error(request, 409, conflict.message, conflict.code)
        raise error

    # A bug: the page in the reader's language, never the traceback or its English.
    # Starlette logs and re-raises the error after this answer.
    @app.exception_handler(Exception)
    def server_error(request: Request, error: Exception) -> Response:
        if "session" not in request.scope:  # failed before the session middleware ran
            body = {"detail": "Internal server error.", "code": "internal_error"}
            return JSONResponse(body, status_code=500)
        request.state.db = None  # the request's session may be in any state: ask it nothing
        user = getattr(request.state, "user", None)
        if user is not None and inspect(user).expired_attributes:
            request.state.user = None
        return _error(request, 500, "Internal server error.", "internal_error")

    @app.exception_handler(HTTPException)
    def http_error(request: Request, error: HTTPException) -> Response:
        code = HTTP_CODES.get(error.status_code, "http_error")
        response = _error(request, error.status_code, str(error.detail), code)
        for name, value in (error.headers or {}).items():
            response.headers[name] = value
        return response
