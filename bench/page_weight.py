"""What the initiative page weighs: HTML bytes and form controls beside its p50, against a
bare page from one query measured in the same run.

Builds a SQLite database (or migrates the empty database that
KLUSTERFAS_BENCH_DATABASE_URL names) with the demo portfolio, fetches every initiative
page as each demo user who works on initiatives (leadership, support, admin), and takes
the heaviest: the demo's largest phase page. Then it times that page and the reference
with sequential requests in-process. The target (issue 11): under 50 KB of HTML and under
150 form controls.

    .venv/bin/python bench/page_weight.py [--requests 100]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from fastapi.testclient import TestClient
from jinja2 import Environment
from sqlalchemy import select, text

from app import migrate
from app.config import Settings
from app.db import make_engine, make_sessionmaker
from app.demo.data import DEMO_USERS
from app.demo.services import load_demo
from app.domain.permissions import Role
from app.models.initiatives import Initiative
from app.web.application import create_app

AUDIT_KEY = "bench-audit-key"
MAX_BYTES = 50_000
MAX_CONTROLS = 150
WORKERS = (Role.LEADERSHIP, Role.SUPPORT, Role.ADMIN)  # who works on the page
CONTROLS = frozenset({"input", "select", "textarea", "button"})

REFERENCE_PAGE = Environment(autoescape=True).from_string(
    "<!doctype html><title>{{ name }}</title><h1>{{ name }}</h1><p>{{ region }} · {{ phase }}</p>"
)


class _Controls(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.count += tag in CONTROLS


def form_controls(html: str) -> int:
    """Form controls in a page: every input (hidden ones too), select, textarea, button."""
    parser = _Controls()
    parser.feed(html)
    return parser.count


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


def p50(get: Callable[[], int], requests: int) -> float:
    for _ in range(min(20, requests)):
        get()  # warm-up
    timings = []
    for _ in range(requests):
        begin = time.perf_counter()
        assert get() == 200
        timings.append(time.perf_counter() - begin)
    return statistics.median(timings)


def log_in(client: TestClient, email: str, password: str) -> None:
    page = client.get("/login").text
    csrf = page.split('name="csrf-token" content="')[1].split('"')[0]
    client.post("/login", data={"email": email, "password": password, "csrf_token": csrf})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=100)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="klusterfas-bench-"))
    url = os.environ.get("KLUSTERFAS_BENCH_DATABASE_URL", f"sqlite:///{folder / 'bench.db'}")
    migrate.upgrade(url)
    sessions = make_sessionmaker(make_engine(url), audit_key=AUDIT_KEY)
    with sessions() as session:
        load_demo(session)
        phases = {
            row.id: row.phase for row in session.execute(select(Initiative.id, Initiative.phase))
        }
    settings = Settings(
        audit_key=AUDIT_KEY,
        database_url=url,
        secret_key="bench",
        secure_cookies=False,
        session_max_age=3600,
        data_dir=folder / "data",
    )
    app = create_app(settings, sessions=sessions)
    # (bytes, controls, initiative, role, email, password) of every page a worker sees.
    pages = []
    for email, _name, role, password in DEMO_USERS:
        if role not in WORKERS:
            continue
        with TestClient(app) as client:
            log_in(client, email, password)
            for initiative_id in phases:
                response = client.get(f"/initiatives/{initiative_id}")
                if response.status_code == 200:
                    html = response.text
                    size = len(response.content)
                    pages.append((size, form_controls(html), initiative_id, role, email, password))
    size, controls, initiative_id, role, email, password = max(pages)
    path = f"/initiatives/{initiative_id}"
    with TestClient(app) as ours, TestClient(reference_app(url)) as reference:
        log_in(ours, email, password)
        ref_html = reference.get(path).content
        ref_p50 = p50(lambda: reference.get(path).status_code, args.requests)
        our_p50 = p50(lambda: ours.get(path).status_code, args.requests)
    heaviest = f"initiative {initiative_id} ({phases[initiative_id].value}), as {role.value}"
    print(f"database: {url.split('://')[0]}, {len(pages)} pages weighed, ", end="")
    print(f"{args.requests} sequential requests, in-process")
    print(f"{'page':44} {'bytes':>7} {'controls':>8} {'p50':>9}")
    print(f"{'reference (1 query, tiny page)':44} {len(ref_html):7} {0:8} {ref_p50 * 1e3:7.2f}ms")
    print(f"{heaviest:44} {size:7} {controls:8} {our_p50 * 1e3:7.2f}ms")
    met = size < MAX_BYTES and controls < MAX_CONTROLS
    print(
        f"target: under {MAX_BYTES} bytes and {MAX_CONTROLS} controls: {'met' if met else 'MISSED'}"
    )
    print(f"ratio klusterfas / reference: p50 latency {our_p50 / ref_p50:.2f}x,", end=" ")
    print(f"bytes {size / len(ref_html):.2f}x")


if __name__ == "__main__":
    main()
