"""The FastAPI application: middleware, static files and routers (its answers to errors:
app/web/error_handlers.py)."""

from __future__ import annotations

import gc
from pathlib import Path

from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy.orm import Session, sessionmaker
from starlette.middleware.sessions import SessionMiddleware

from app.config import Settings
from app.db import Timeouts, make_engine, make_sessionmaker
from app.evidence.storage import BlobStore
from app.health import readiness
from app.web import error_handlers, observability
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
from app.web.error_handlers import RETRY
from app.web.guards import BodyLimit, check_request, document_problems
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
    financing,
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
from app.web.security import SecurityHeadersMiddleware, check_csrf

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
        dependencies=[Depends(check_every_request)],
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
    _health_routes(app)
    # A request is matched against the routes in this order, each included router's in
    # turn (about 2 µs a route, twice over): the pages used all day come first, so that an
    # item save is not matched against a hundred routes before its own. No route shadows
    # another whatever the order (tests/web/test_routes.py).
    for page in (
        items, initiatives, portfolio, evidence, reviews, worklist, notifications, comments,
        deadlines, reports, support, session, model_versions, phase_model, actors,
        assessments, audit, access, auditor, programme, grants, funding_organisations,
        excellence, financing, confirmations, accessibility,
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

    error_handlers.install(app)
    document_problems(app)
    return app


async def check_every_request(request: Request) -> None:
    """The app-wide checks, as one dependency: FastAPI's solving of each costs a request
    more than the check itself. The CSRF token first: a forged request's body is not read."""
    await check_csrf(request)
    await check_request(request)


def _health_routes(app: FastAPI) -> None:
    """First of all: a load balancer asks for them every few seconds."""

    @app.get("/healthz", include_in_schema=False)
    async def healthz() -> dict[str, str]:  # no I/O: no thread-pool hop
        return {"status": "ok"}

    @app.get("/readyz", include_in_schema=False)
    def readyz() -> JSONResponse:
        state = readiness(app.state.sessionmaker)
        if state.ready:
            return JSONResponse(state.as_dict())
        return JSONResponse(state.as_dict(), status_code=503, headers=RETRY)


def create_served_app() -> FastAPI:
    """The app as `klusterfas serve` runs it (a uvicorn factory), its start-up set aside."""
    app = create_app()
    set_aside_start_up()
    return app


def set_aside_start_up() -> None:
    """What is built by now (modules, routes, compiled templates) lives as long as the
    process: out of the collector's way, so that a full collection walks only what the
    requests made (an export of 10,000 rows paused in such collections)."""
    gc.collect()
    gc.freeze()


def bind_state(
    app: FastAPI, settings: Settings, sessions: sessionmaker[Session] | None = None
) -> None:
    """What requests read from the app: its settings, its sessions and its evidence store.
    The tests bind each test's own to one app per database (the middleware's settings are
    the same for all), since FastAPI prepares every route of a new app on first use."""
    app.state.settings = settings
    app.state.sessionmaker = sessions or make_sessionmaker(
        make_engine(
            settings.database_url, timeouts=_timeouts(settings), pool_size=settings.db_pool_size
        ),
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
