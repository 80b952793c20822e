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
import sys
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.models.initiatives import Initiative
from app.web.application import create_app
from bench.demo_pages import demo_database, log_in, measure, reference_app, settings_for


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    _, url, sessions = demo_database()
    with sessions() as session:
        initiative_id = session.scalar(
            select(Initiative.id).where(Initiative.phase == "pilot").limit(1)
        )
    with (
        TestClient(create_app(settings_for(url), sessions=sessions)) as ours,
        TestClient(reference_app(url)) as reference,
    ):
        log_in(ours, "stod@klusterfas.demo", "demo-support-2026")
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
