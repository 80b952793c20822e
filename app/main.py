"""The FastAPI application: middleware, static files, routers and error mapping."""

from __future__ import annotations

from pathlib import Path

from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy.orm import Session, sessionmaker
from starlette.exceptions import HTTPException
from starlette.middleware.sessions import SessionMiddleware

from app import services
from app.config import Settings
from app.db import make_engine, make_sessionmaker
from app.domain.workflow import TransitionRefused
from app.storage import BlobStore
from app.web.deps import LoginRequired
from app.web.routers import access as access_routes
from app.web.routers import (
    actors,
    api_actors,
    api_assessments,
    api_evidence,
    api_initiatives,
    api_model_versions,
    api_portfolio,
    api_reviews,
    assessments,
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
from app.web.routers import audit as audit_routes
from app.web.routers import auditor as auditor_routes
from app.web.security import CsrfError, SecurityHeadersMiddleware, check_csrf
from app.web.templating import is_partial_request, render
from app.web.throttle import LoginThrottle

STATIC_DIR = Path(__file__).resolve().parent / "static"


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
    for module in (
        session,
        initiatives,
        evidence,
        reviews,
        model_versions,
        phase_model,
        api_initiatives,
        api_evidence,
        api_reviews,
        api_model_versions,
    ):
        app.include_router(module.router)
    for module in (actors, assessments, api_actors, api_assessments):
        app.include_router(module.router)
    for audit_module in (audit_routes, access_routes, auditor_routes):
        app.include_router(audit_module.router)
    for module in (portfolio, reports, deadlines, api_portfolio):
        app.include_router(module.router)

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    _error_handlers(app)
    return app


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _error(request: Request, status: int, detail: str, **extra: object) -> Response:
    if _is_api(request):
        return JSONResponse({"detail": detail, **extra}, status_code=status)
    context = {"status": status, "detail": detail}
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
        return _error(request, 403, str(error))

    @app.exception_handler(services.NotFound)
    async def not_found(request: Request, error: services.NotFound) -> Response:
        return _error(request, 404, str(error))

    @app.exception_handler(services.Forbidden)
    async def forbidden(request: Request, error: services.Forbidden) -> Response:
        return _error(request, 403, str(error))

    @app.exception_handler(services.Conflict)
    async def conflict(request: Request, error: services.Conflict) -> Response:
        return _error(request, 409, str(error))

    @app.exception_handler(services.InvalidInput)
    async def invalid(request: Request, error: services.InvalidInput) -> Response:
        return _error(request, 422, error.message, field=error.field)

    @app.exception_handler(TransitionRefused)
    async def refused(request: Request, error: TransitionRefused) -> Response:
        refusal = error.refusal
        return _error(
            request, 409, refusal.detail, missing=list(refusal.missing), trigger=refusal.trigger
        )

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> Response:
        response = _error(request, error.status_code, str(error.detail))
        for name, value in (error.headers or {}).items():
            response.headers[name] = value
        return response
