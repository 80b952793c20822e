"""What the page benchmarks share: the demo portfolio in a fresh database, the reference
page from one query that each measures itself against, logging in, and the timing."""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from fastapi.testclient import TestClient
from jinja2 import Environment
from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from app import migrate
from app.config import Settings
from app.db import make_engine, make_sessionmaker
from app.demo.services import load_demo

AUDIT_KEY = "bench-audit-key"

REFERENCE_PAGE = Environment(autoescape=True).from_string(
    "<!doctype html><title>{{ name }}</title><h1>{{ name }}</h1><p>{{ region }} · {{ phase }}</p>"
)


def demo_database() -> tuple[Path, str, sessionmaker[Session]]:
    """A folder of its own, the database's URL (SQLite there unless
    KLUSTERFAS_BENCH_DATABASE_URL names an empty one) and its sessions, with the demo."""
    folder = Path(tempfile.mkdtemp(prefix="klusterfas-bench-"))
    url = os.environ.get("KLUSTERFAS_BENCH_DATABASE_URL", f"sqlite:///{folder / 'bench.db'}")
    migrate.upgrade(url)
    sessions = make_sessionmaker(make_engine(url), audit_key=AUDIT_KEY)
    with sessions() as session:
        load_demo(session)
    return folder, url, sessions


def settings_for(url: str, data_dir: Path = Path("data")) -> Settings:
    return Settings(
        audit_key=AUDIT_KEY,
        database_url=url,
        secret_key="bench",
        secure_cookies=False,
        session_max_age=3600,
        data_dir=data_dir,
    )


def reference_app(url: str) -> FastAPI:
    """A bare initiative page: one query, a tiny template."""
    engine = make_engine(url)
    app = FastAPI()

    @app.get("/initiatives/{initiative_id}", response_class=HTMLResponse)
    def page(initiative_id: int) -> str:
        with engine.connect() as connection:
            row = connection.execute(
                text("SELECT name, region, phase FROM initiatives WHERE id = :id"),
                {"id": initiative_id},
            ).one()
        return REFERENCE_PAGE.render(name=row.name, region=row.region, phase=row.phase)

    return app


def log_in(client: TestClient, email: str, password: str) -> None:
    page = client.get("/login").text
    csrf = page.split('name="csrf-token" content="')[1].split('"')[0]
    client.post("/login", data={"email": email, "password": password, "csrf_token": csrf})


def measure(
    get: Callable[[], int], requests: int, *, warm_up: int = 20
) -> tuple[float, float, float]:
    """Requests per second, the median and the 99th percentile of `requests` calls in a
    row, after `warm_up` calls; each must answer 200."""
    for _ in range(warm_up):
        assert get() == 200
    timings = []
    start = time.perf_counter()
    for _ in range(requests):
        begin = time.perf_counter()
        assert get() == 200
        timings.append(time.perf_counter() - begin)
    elapsed = time.perf_counter() - start
    timings.sort()
    p99 = timings[min(len(timings) - 1, int(len(timings) * 0.99))]
    return requests / elapsed, statistics.median(timings), p99
