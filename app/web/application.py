"""The FastAPI application: middleware, static files, routers and error mapping."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from fastapi import Depends, FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy.orm import Session, sessionmaker
from starlette.exceptions import HTTPException
from starlette.middleware.sessions import SessionMiddleware

from app import errors
from app.config import Settings
from app.db import make_engine, make_sessionmaker
from app.domain.workflow import TransitionRefused
from app.evidence.storage import BlobStore
from app.web.api import access as access_api
from app.web.api import actors as actors_api
from app.web.api import assessments as assessments_api
from app.web.api import audit as audit_api
from app.web.api import evidence as evidence_api
from app.web.api import initiatives as initiatives_api
from app.web.api import model_versions as model_versions_api
from app.web.api import phase_model as phase_model_api
from app.web.api import portfolio as portfolio_api
from app.web.api import reviews as reviews_api
from app.web.deps import LoginRequired
from app.web.pages import (
    access,
    actors,
    assessments,
    audit,
    auditor,
    deadlines,
    evidence,
    initiatives,
    model_versions,
    phase_model,
    portfolio,
    reports,
    reviews,
    session,
)
from app.web.problems import status_of
from app.web.security import CsrfError, SecurityHeadersMiddleware, check_csrf
from app.web.templating import is_partial_request, render
from app.web.throttle import LoginThrottle

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"


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
        dependencies=[Depends(check_csrf)],
    )
    app.state.settings = settings
    app.state.sessionmaker = sessions or make_sessionmaker(
        make_engine(settings.database_url), audit_key=settings.audit_key
    )
    app.state.login_throttle = LoginThrottle()
    app.state.blob_store = BlobStore(
        settings.data_dir if settings.evidence_store == "files" else None
    )

    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.secret_key,
        session_cookie="klusterfas_session",
        max_age=settings.session_max_age,
        same_site="lax",
        https_only=settings.secure_cookies,
    )
    app.add_middleware(SecurityHeadersMiddleware)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    for page in (
        session, initiatives, evidence, reviews, model_versions, phase_model, actors,
        assessments, audit, access, auditor, portfolio, reports, deadlines,
    ):  # fmt: skip
        app.include_router(page.router)
    for api in (
        initiatives_api, evidence_api, reviews_api, model_versions_api, phase_model_api,
        actors_api, assessments_api, audit_api, access_api, portfolio_api,
    ):  # fmt: skip
        app.include_router(api.router)

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    _error_handlers(app)
    return app


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
    which says the code's message in the reader's language."""
    if _is_api(request):
        return JSONResponse({"detail": detail, "code": code, **extra}, status_code=status)
    context = {"status": status, "detail": detail, "code": code, "params": params or {}}
    block = "content" if is_partial_request(request) else None
    return render(request, "error.html", context, status_code=status, block=block)


def _error_handlers(app: FastAPI) -> None:
    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, _: LoginRequired) -> Response:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        if is_partial_request(request):
            return Response(status_code=401, headers={"HX-Redirect": f"/login?next={target}"})
        return RedirectResponse(f"/login?next={target}", status_code=303)

    @app.exception_handler(CsrfError)
    async def csrf_error(request: Request, error: CsrfError) -> Response:
        return _error(request, 403, str(error), error.code)

    # NotFound, Forbidden, Conflict, InvalidInput: the status from the one table (problems).
    @app.exception_handler(errors.Refused)
    async def refused_by_use_case(request: Request, error: errors.Refused) -> Response:
        extra = {"field": error.field} if isinstance(error, errors.InvalidInput) else {}
        return _error(request, status_of(error), error.message, error.code, error.params, **extra)

    @app.exception_handler(TransitionRefused)
    async def refused(request: Request, error: TransitionRefused) -> Response:
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
    async def unreadable(request: Request, error: RequestValidationError) -> Response:
        # FastAPI's own answer (the list of problems), with the code every refusal carries.
        body = {"detail": jsonable_encoder(error.errors()), "code": "invalid_input"}
        return JSONResponse(body, status_code=422)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> Response:
        code = HTTP_CODES.get(error.status_code, "http_error")
        response = _error(request, error.status_code, str(error.detail), code)
        for name, value in (error.headers or {}).items():
            response.headers[name] = value
        return response
