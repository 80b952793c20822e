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
import sys
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.demo.data import DEMO_USERS
from app.domain.permissions import Role
from app.models.initiatives import Initiative
from app.web.application import create_app
from bench.demo_pages import demo_database, log_in, measure, reference_app, settings_for

MAX_BYTES = 50_000
MAX_CONTROLS = 150
WORKERS = (Role.LEADERSHIP, Role.SUPPORT, Role.ADMIN)  # who works on the page
CONTROLS = frozenset({"input", "select", "textarea", "button"})


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


def p50(get: Callable[[], int], requests: int) -> float:
    return measure(get, requests, warm_up=min(20, requests))[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=100)
    args = parser.parse_args()
    folder, url, sessions = demo_database()
    with sessions() as session:
        phases = {
            row.id: row.phase for row in session.execute(select(Initiative.id, Initiative.phase))
        }
    settings = settings_for(url, data_dir=folder / "data")
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
