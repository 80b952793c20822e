"""Prometheus metrics: requests and their latency per route template, and the
database connection pool, served at /metrics behind KLUSTERFAS_METRICS_TOKEN.

With several worker processes (`klusterfas serve --workers N`) the CLI sets
PROMETHEUS_MULTIPROC_DIR before the workers start, so every worker writes its figures
there and a scrape of any worker adds them all up (prometheus-client's multiprocess
mode); the pool gauges then sum the live workers' pools.
"""

from __future__ import annotations

import hmac
import os
from collections.abc import Callable

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from sqlalchemy import Engine
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

METRICS_TOKEN_VARIABLE = "KLUSTERFAS_METRICS_TOKEN"  # noqa: S105 (a name, not a secret)
MULTIPROCESS_VARIABLE = "PROMETHEUS_MULTIPROC_DIR"
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
POOL_STATES = ("size", "checked_in", "checked_out", "overflow")


def multiprocess_mode() -> bool:
    return bool(os.environ.get(MULTIPROCESS_VARIABLE))


class Metrics:
    def __init__(self, engine: Callable[[], Engine | None]) -> None:
        self.engine = engine
        self.multiprocess = multiprocess_mode()
        # One registry per application (tests build many); in multiprocess mode the
        # figures live in files and each scrape collects them afresh.
        self.registry = None if self.multiprocess else CollectorRegistry()
        self.requests = Counter(
            "klusterfas_http_requests",
            "HTTP requests answered, by method, route template and status.",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "klusterfas_http_request_duration_seconds",
            "Time to answer an HTTP request, by method and route template.",
            ["method", "route"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.pool = Gauge(
            "klusterfas_db_pool_connections",
            "Database connection pool: its size, idle (checked_in), in use (checked_out) "
            "and overflow connections.",
            ["state"],
            registry=self.registry,
            multiprocess_mode="livesum",
        )

    def observe(self, *, method: str, route: str, status: int, seconds: float) -> None:
        self.requests.labels(method, route, str(status)).inc()
        self.latency.labels(method, route).observe(seconds)
        if self.multiprocess:
            self.sample_pool()  # the other workers' figures are only as fresh as this

    def sample_pool(self) -> None:
        engine = self.engine()
        pool = engine.pool if engine is not None else None
        for state, reading in zip(
            POOL_STATES, ("size", "checkedin", "checkedout", "overflow"), strict=True
        ):
            value = getattr(pool, reading, None)
            if callable(value):
                self.pool.labels(state).set(value())

    def exposition(self) -> bytes:
        self.sample_pool()
        if self.registry is not None:
            return generate_latest(self.registry)
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return generate_latest(registry)

    def endpoint(self, request: Request) -> Response:
        """404 unless a token is configured (the endpoint then does not exist), 401 unless
        the request sends it as a bearer token."""
        expected = os.environ.get(METRICS_TOKEN_VARIABLE, "")
        if not expected:
            raise HTTPException(404, "Not Found")
        header = request.headers.get("Authorization", "")
        sent = header[7:].strip() if header.lower().startswith("bearer ") else ""
        if not hmac.compare_digest(sent.encode(), expected.encode()):
            raise HTTPException(
                401, "A valid metrics token is required.", headers={"WWW-Authenticate": "Bearer"}
            )
        return Response(self.exposition(), media_type=CONTENT_TYPE_LATEST)


def mark_process_dead() -> None:
    """A worker that stops takes its live gauges out of the sum."""
    if multiprocess_mode():
        multiprocess.mark_process_dead(os.getpid())  # type: ignore[no-untyped-call]
