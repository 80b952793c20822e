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
import csv
import io
import json
import os
import secrets
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import psycopg
from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from fastapi.testclient import TestClient
from jinja2 import Environment
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session, sessionmaker

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import migrate
from app.accounts import passwords
from app.config import Settings
from app.db import make_engine, make_sessionmaker
from app.domain.permissions import Role
from app.models.accounts import User
from app.web.application import create_app, set_aside_start_up
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


ADMIN = "admin@bench.se"


@dataclass
class SignedIn:
    """A migrated database growing by bench/generate_portfolio.py, with Klusterfas and a
    bare reference app on it, an admin signed in to the first."""

    kind: str
    url: str
    engine: Engine
    sessions: sessionmaker[Session]
    client: TestClient
    reference: TestClient
    have: int = 0

    def grow(self, size: int) -> None:
        """Add initiatives until there are `size` (PostgreSQL then plans with fresh stats)."""
        with self.engine.begin() as connection:
            generate(connection, size - self.have, seed=size)
            if self.kind == "postgresql":
                connection.execute(text("ANALYZE"))
        self.have = size


@contextmanager
def signed_in(kind: str, url: str, reference: Callable[[Engine], FastAPI]) -> Iterator[SignedIn]:
    migrate.upgrade(url)
    engine = make_engine(url)
    sessions = make_sessionmaker(engine, audit_key=AUDIT_KEY)
    with sessions() as session:
        password_hash = passwords.hash_password(PASSWORD)
        session.add(User(email=ADMIN, name="Bench", role=Role.ADMIN, password_hash=password_hash))
        session.commit()
    settings = Settings(database_url=url, secret_key="bench", secure_cookies=False,
                        session_max_age=3600, audit_key=AUDIT_KEY)  # fmt: skip
    try:
        with (
            TestClient(create_app(settings, sessions=sessions)) as client,
            TestClient(reference(engine)) as bare,
        ):
            csrf = client.get("/login").text.split('name="csrf-token" content="')[1].split('"')[0]
            client.post("/login", data={"email": ADMIN, "password": PASSWORD, "csrf_token": csrf})
            set_aside_start_up()  # as `klusterfas serve` does (create_served_app)
            yield SignedIn(kind, url, engine, sessions, client, bare)
    finally:
        engine.dispose()


def database_arguments(parser: argparse.ArgumentParser, sizes: str) -> None:
    """--sizes (KLUSTERFAS_BENCH_SIZES), --no-postgres and --no-sqlite."""
    parser.add_argument("--sizes", default=os.environ.get("KLUSTERFAS_BENCH_SIZES", sizes))
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--no-sqlite", action="store_true")


def sizes_of(args: argparse.Namespace) -> list[int]:
    return sorted(int(s) for s in str(args.sizes).split(","))


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


# The CSV export's own columns from one query, for a bare reference of the same rows:
# the stored figures of the current phase, the same look-ups for activity, support,
# grants and the label in force.
SAME_CSV_ROWS = """
SELECT i.id, i.name, i.region, coalesce(i.sector, '') AS sector, i.phase, r.readiness,
  i.phase_entered_at, i.updated_at,
  (SELECT max(s.updated_at) FROM item_states s WHERE s.initiative_id = i.id) AS last_item,
  (SELECT max(t.created_at) FROM transitions t WHERE t.initiative_id = i.id) AS last_move,
  (SELECT sum(a.hours) FROM support_activities a WHERE a.initiative_id = i.id) AS hours,
  (SELECT sum(a.cost_sek) FROM support_activities a WHERE a.initiative_id = i.id) AS cost,
  r.checklists,
  (SELECT sum(g.amount_sek) FROM grants g WHERE g.initiative_id = i.id) AS granted,
  (SELECT sum(g.cofinancing_sek) FROM grants g WHERE g.initiative_id = i.id) AS cofinanced,
  (SELECT max(l.level) FROM cluster_labels l
    WHERE l.initiative_id = i.id AND l.valid_until >= :today) AS label_level,
  (SELECT max(l.valid_until) FROM cluster_labels l
    WHERE l.initiative_id = i.id AND l.valid_until >= :today) AS label_valid_until
FROM initiatives i
LEFT JOIN phase_readiness r ON r.initiative_id = i.id AND r.phase = i.phase
ORDER BY i.name, i.id
"""
CHECKLISTS = ("starting_point", "events", "support", "results", "leadership")


def same_rows_csv(engine: Engine) -> str:
    """The bare CSV of the export's columns, computed as plainly as Python allows."""
    now = datetime.now(UTC)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["ID", "Initiative", "Region", "Sector", "Phase", "Readiness", "Days",
                     "Last activity", "Stalled", "Hours", "Cost", *CHECKLISTS, "Granted",
                     "Co-financing", "Label", "Label valid until"])  # fmt: skip
    with engine.connect() as connection:
        for r in connection.execute(text(SAME_CSV_ROWS), {"today": now.date()}).mappings():
            checklists = r["checklists"]
            if isinstance(checklists, str):
                checklists = json.loads(checklists)
            checklists = checklists or {}
            entered, updated = _aware(r["phase_entered_at"]), _aware(r["updated_at"])
            last = max(
                updated, _aware(r["last_item"] or updated), _aware(r["last_move"] or updated)
            )
            writer.writerow([
                r["id"], r["name"], r["region"], r["sector"], r["phase"],
                None if r["readiness"] is None else round(r["readiness"], 1),
                (now - entered).days, last.date().isoformat(),
                "ja" if (now - last).days > 30 else "nej", r["hours"] or 0, r["cost"] or 0,
                *((checklists.get(c) or {}).get("done", 0) for c in CHECKLISTS),
                r["granted"], r["cofinanced"], r["label_level"] or "", r["label_valid_until"],
            ])  # fmt: skip
    return out.getvalue()


def _aware(moment: datetime | str) -> datetime:
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
