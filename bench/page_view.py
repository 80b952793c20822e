"""What an initiative page costs, against a bare page from one query.

Builds a SQLite database (or migrates the empty database that
KLUSTERFAS_BENCH_DATABASE_URL names) with the demo
portfolio, then times sequential requests in-process:

- klusterfas: GET /initiatives/{id} as a support officer (gate, machine,
  checklists, history: the whole page);
- reference: a bare FastAPI endpoint that renders a small Jinja2 page from one
  query, on the same database, measured in the same run.

    .venv/bin/python bench/page_view.py [--requests 300]
"""

from __future__ import annotations

import argparse
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
from sqlalchemy import select, text

from app import migrate
from app.config import Settings
from app.db import make_engine, make_sessionmaker
from app.demo.services import load_demo
from app.models.initiatives import Initiative
from app.web.application import create_app

AUDIT_KEY = "bench-audit-key"

REFERENCE_PAGE = Environment(autoescape=True).from_string(
    "<!doctype html><title>{{ name }}</title><h1>{{ name }}</h1><p>{{ region }} · {{ phase }}</p>"
)


def reference_app(url: str) -> FastAPI:
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


def measure(get: Callable[[], int], requests: int) -> tuple[float, float, float]:
    for _ in range(20):
        get()  # warm-up
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="klusterfas-bench-"))
    url = os.environ.get("KLUSTERFAS_BENCH_DATABASE_URL", f"sqlite:///{folder / 'bench.db'}")
    migrate.upgrade(url)
    sessions = make_sessionmaker(make_engine(url), audit_key=AUDIT_KEY)
    with sessions() as session:
        load_demo(session)
        initiative_id = session.scalar(
            select(Initiative.id).where(Initiative.phase == "pilot").limit(1)
        )
    settings = Settings(
        audit_key=AUDIT_KEY,
        database_url=url,
        secret_key="bench",
        secure_cookies=False,
        session_max_age=3600,
    )
    with (
        TestClient(create_app(settings, sessions=sessions)) as ours,
        TestClient(reference_app(url)) as reference,
    ):
        login = ours.get("/login").text
        csrf = login.split('name="csrf-token" content="')[1].split('"')[0]
        ours.post(
            "/login",
            data={
                "email": "stod@klusterfas.demo",
                "password": "demo-support-2026",
                "csrf_token": csrf,
            },
        )
        path = f"/initiatives/{initiative_id}"
        results = {
            "reference (1 query, tiny page)": measure(
                lambda: reference.get(path).status_code, args.requests
            ),
            "klusterfas initiative page": measure(
                lambda: ours.get(path).status_code, args.requests
            ),
        }
    print(f"database: {url.split('://')[0]}, {args.requests} sequential requests, in-process")
    print(f"{'page':32} {'req/s':>8} {'p50':>9} {'p99':>9}")
    for name, (rate, p50, p99) in results.items():
        print(f"{name:32} {rate:8.0f} {p50 * 1e3:7.2f}ms {p99 * 1e3:7.2f}ms")
    (ref_rate, ref_p50, _), (rate, p50, _) = results.values()
    print(f"ratio klusterfas / reference: throughput {rate / ref_rate:.2f}x,", end=" ")
    print(f"p50 latency {p50 / ref_p50:.2f}x")


if __name__ == "__main__":
    main()
