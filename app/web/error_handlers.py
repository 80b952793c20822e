"""The answers to what a request could not do: a refusal of a use-case or a transition,
unreadable input, a database that does not answer, a bug; JSON with a stable `code` for
the API, the error page in the reader's language for everyone else."""

from __future__ import annotations

from collections.abc import Mapping

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy import inspect
from sqlalchemy.exc import DataError, SQLAlchemyError
from starlette.exceptions import HTTPException

from app import errors, messages
from app.audit.log import WrongAuditKey
from app.db import unavailable
from app.domain.workflow import TransitionRefused
from app.uow import lost_race
from app.web.deps import LoginRequired, request_locale
from app.web.guards import validation_problem
from app.web.problems import status_of
from app.web.security import CsrfError
from app.web.templating import is_partial_request, render

RETRY = {"Retry-After": "5"}  # seconds: a 503's database outage or timeout


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


def install(app: FastAPI) -> None:
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
