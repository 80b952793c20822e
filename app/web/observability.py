"""A request id on every request and response, one JSON log line per request, and the
metrics of app/web/metrics.py.

The id is the caller's X-Request-ID when it looks like one (a proxy or load balancer
sets it, so one request can be followed through every layer), else a new one. The log
line names the route template (`/api/initiatives/{initiative_id}`), never the raw
path, so ids and tokens in paths stay out of the logs and the metrics' labels.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from typing import Any

from fastapi import FastAPI
from sqlalchemy import Connection, Engine, inspect
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.logs import REQUEST_LOGGER
from app.web.metrics import Metrics, mark_process_dead

REQUEST_ID_HEADER = "X-Request-ID"
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:/+=@-]{0,127}")
UNMATCHED = "<unmatched>"  # one label for every path no route knows (scanners, typos)

log = logging.getLogger(REQUEST_LOGGER)


def request_id_of(scope: Scope) -> str:
    for name, value in scope.get("headers", []):
        if name == b"x-request-id":
            candidate = str(value.decode("latin-1"))
            if SANE_REQUEST_ID.fullmatch(candidate):
                return candidate
            break
    return uuid.uuid4().hex


def route_of(scope: Scope) -> str:
    route = scope.get("route")
    path = getattr(route, "path", None)
    return path if isinstance(path, str) and path else UNMATCHED


def user_id_of(scope: Scope) -> int | None:
    """Who made the request: the user the dependencies loaded, else the session's."""
    user = scope.get("state", {}).get("user")
    if user is not None:
        identity = inspect(user).identity  # safe on an expired or detached instance
        if identity:
            value = identity[0]
            return value if isinstance(value, int) else None
    uid = scope.get("session", {}).get("uid") if isinstance(scope.get("session"), dict) else None
    return uid if isinstance(uid, int) else None


class ObservabilityMiddleware:
    def __init__(self, app: ASGIApp, *, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = request_id_of(scope)
        scope.setdefault("state", {})["request_id"] = request_id  # request.state.request_id
        status = 500  # what the client gets if the application raises
        started = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message)[REQUEST_ID_HEADER] = request_id
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            self._record(scope, request_id, status, time.perf_counter() - started)

    def _record(self, scope: Scope, request_id: str, status: int, seconds: float) -> None:
        method, route = scope.get("method", ""), route_of(scope)
        self.metrics.observe(method=method, route=route, status=status, seconds=seconds)
        fields: dict[str, Any] = {
            "request_id": request_id,
            "method": method,
            "route": route,
            "status": status,
            "duration_ms": round(seconds * 1000, 2),
            "user_id": user_id_of(scope),
        }
        log.info("%s %s %s", method, route, status, extra=fields)


def _engine(app: FastAPI) -> Engine | None:
    bind = app.state.sessionmaker.kw.get("bind")
    if isinstance(bind, Connection):
        return bind.engine
    return bind if isinstance(bind, Engine) else None


def install(app: FastAPI) -> None:
    """Wrap the application (call after the other middleware, so this runs outermost and
    times everything) and add /metrics."""
    metrics = Metrics(lambda: _engine(app))
    app.state.metrics = metrics
    app.add_middleware(ObservabilityMiddleware, metrics=metrics)
    app.add_api_route("/metrics", metrics.endpoint, methods=["GET"], include_in_schema=False)
    app.router.on_shutdown.append(mark_process_dead)
