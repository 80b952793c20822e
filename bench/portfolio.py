"""What the portfolio dashboard costs at 100, 1,000 and 10,000 initiatives.

On SQLite (a temporary file) and PostgreSQL (a fresh database this script
creates and drops, never `postgres` itself), each filled with
bench/generate_portfolio.py (134 item states per initiative), it times in the
same run and on the same database:

- klusterfas: GET /portfolio (the first page, 50 rows) as a support officer,
  and the same page sorted by readiness (every initiative scored in SQL);
- reference: a bare FastAPI endpoint that renders a small Jinja2 page from one
  query (the first 50 initiatives by name).

    .venv/bin/python bench/portfolio.py [--requests 100] [--sizes 100,1000,10000] [--no-postgres]

KLUSTERFAS_BENCH_POSTGRES_URL names the server's admin database
(default postgresql://postgres@127.0.0.1:5432/postgres).
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from fastapi.testclient import TestClient
from jinja2 import Environment
from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import migrate
from app.accounts import passwords
from app.config import Settings
from app.db import make_engine, make_sessionmaker
from app.domain.permissions import Role
from app.models.accounts import User
from app.web.application import create_app
from bench import demo_pages
from bench.generate_portfolio import generate

AUDIT_KEY = "bench-audit-key"

ADMIN_URL = os.environ.get(
    "KLUSTERFAS_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
PASSWORD = "bench-password-2026"
REFERENCE = Environment(autoescape=True).from_string(
    "<!doctype html><title>Portfolio</title><table>{% for r in rows %}"
    "<tr><td>{{ r.name }}</td><td>{{ r.region }}</td><td>{{ r.phase }}</td></tr>"
    "{% endfor %}</table>"
)


@contextmanager
def sqlite_database() -> Iterator[str]:
    with tempfile.TemporaryDirectory(prefix="klusterfas-bench-") as folder:
        yield f"sqlite:///{Path(folder) / 'portfolio.db'}"


def on_each_database(
    bench: Callable[[str, str, argparse.Namespace], None], args: argparse.Namespace
) -> None:
    """Run `bench(kind, url, args)` on a fresh SQLite file and PostgreSQL database, unless
    --no-sqlite / --no-postgres leave one out."""
    if not args.no_sqlite:
        with sqlite_database() as url:
            bench("sqlite", url, args)
    if not args.no_postgres:
        with postgres_database() as url:
            bench("postgresql", url, args)


@contextmanager
def postgres_database() -> Iterator[str]:
    name = f"klusterfas_bench_{secrets.token_hex(4)}"
    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{ADMIN_URL.rsplit('/', 1)[0]}/{name}"
    finally:
        with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def reference_app(url: str) -> FastAPI:
    engine = make_engine(url)
    app = FastAPI()

    @app.get("/", response_class=HTMLResponse)
    def page() -> str:
        with engine.connect() as connection:
            rows = connection.execute(
                text("SELECT name, region, phase FROM initiatives ORDER BY name LIMIT 50")
            ).all()
        return REFERENCE.render(rows=rows)

    return app


def measure(get: Callable[[], int], requests: int) -> tuple[float, float, float]:
    return demo_pages.measure(get, requests, warm_up=max(3, requests // 10))


def bench(kind: str, url: str, sizes: list[int], requests: int) -> None:
    migrate.upgrade(url)
    engine = make_engine(url)
    sessions = make_sessionmaker(engine, audit_key=AUDIT_KEY)
    with sessions() as session:
        session.add(
            User(
                email="stod@bench.se",
                name="Bench",
                role=Role.SUPPORT,
                password_hash=passwords.hash_password(PASSWORD),
            )
        )
        session.commit()
    settings = Settings(
        database_url=url,
        secret_key="bench",
        secure_cookies=False,
        session_max_age=3600,
        audit_key=AUDIT_KEY,
    )
    have = 0
    with TestClient(create_app(settings, sessions=sessions)) as ours:
        login = ours.get("/login").text
        csrf = login.split('name="csrf-token" content="')[1].split('"')[0]
        ours.post(
            "/login", data={"email": "stod@bench.se", "password": PASSWORD, "csrf_token": csrf}
        )
        for size in sizes:
            started = time.perf_counter()
            with engine.begin() as connection:
                generate(connection, size - have, seed=size)
            have = size
            if kind == "postgresql":
                with engine.begin() as connection:
                    connection.execute(text("ANALYZE"))
            filled = time.perf_counter() - started
            # Fewer requests for the slow, scored page at the largest sizes.
            scored_requests = max(5, requests * 100 // size) if size > 1000 else requests
            with TestClient(reference_app(url)) as reference:
                results = {
                    "reference (1 query)": measure(
                        lambda: reference.get("/").status_code, requests
                    ),
                    "dashboard, first page": measure(
                        lambda: ours.get("/portfolio").status_code, requests
                    ),
                    "dashboard, by readiness": measure(
                        lambda: ours.get("/portfolio?sort=readiness&order=desc").status_code,
                        scored_requests,
                    ),
                }
            ref_rate, ref_p50, _ = results["reference (1 query)"]
            print(
                f"\n{kind}, {size} initiatives ({size * 134} item states, filled in {filled:.1f} s)"
            )
            print(
                f"  {'page':26} {'req/s':>8} {'p50':>10} {'p99':>10}"
                f" {'x ref p50':>10} {'ref/ours req/s':>15}"
            )
            for name, (rate, p50, p99) in results.items():
                print(
                    f"  {name:26} {rate:8.1f} {p50 * 1e3:8.2f}ms {p99 * 1e3:8.2f}ms"
                    f" {p50 / ref_p50:9.1f}x {ref_rate / rate:14.1f}x"
                )
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    print(f"{args.requests} sequential requests per page, in-process (TestClient)")
    with sqlite_database() as url:
        bench("sqlite", url, sizes, args.requests)
    if not args.no_postgres:
        with postgres_database() as url:
            bench("postgresql", url, sizes, args.requests)


if __name__ == "__main__":
    main()
