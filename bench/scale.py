"""The issue-16 table in one run: each Klusterfas figure against a bare reference
built here, on the same database, as a ratio.

For each database (a temporary SQLite file; a fresh PostgreSQL database created
and dropped here) and each size (bench/generate_portfolio.py, 134 item states an
initiative), it prints:

- portfolio first page, req/s: GET /portfolio vs a bare page of 50 rows from one query;
- portfolio by readiness, p50 (and largest ÷ smallest size, in turn on a database of each);
- initiative page, req/s: GET /initiatives/{id} vs a bare page from one query
  (the pages and their references measured in turn, --repeats times: the median);
- item save with W concurrent writers over HTTP (bench/saves.py: one uvicorn worker
  each, the page's item form as HTMX posts it, each run lasting --save-seconds on both
  servers, as wrk -d ran issue 16's): p99 and errors vs a bare single UPDATE;
- CSV export of the portfolio: the median seconds of --repeats runs, each in turn with a
  bare CSV of the same rows from one query.

    .venv/bin/python bench/scale.py [--sizes 100,2000] [--requests 50] [--writers 16]
        [--save-seconds 5] [--repeats 3] [--no-postgres]

Sizes, counts and seconds also come from KLUSTERFAS_BENCH_SIZES, _REQUESTS, _WRITERS,
_SAVE_SECONDS and _REPEATS.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.responses import HTMLResponse, PlainTextResponse
from jinja2 import Environment
from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session, sessionmaker

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.models.initiatives import Initiative, ItemState
from app.phases import PHASE_ORDER, Phase, get_model
from bench import saves as saves_bench
from bench.portfolio import (
    ADMIN,
    AUDIT_KEY,
    PASSWORD,
    REFERENCE,
    SignedIn,
    database_arguments,
    on_each_database,
    postgres_database,
    same_rows_csv,
    signed_in,
    sizes_of,
    sqlite_database,
)  # fmt: skip
from bench.portfolio import measure as measure_requests

SAME_ROWS = (
    "SELECT i.id, i.name, i.sector, i.region, i.phase, i.phase_entered_at, r.readiness,"
    " r.checklists, (SELECT max(s.updated_at) FROM item_states s"
    " WHERE s.initiative_id = i.id) AS last_activity FROM initiatives i"
    " LEFT JOIN phase_readiness r ON r.initiative_id = i.id AND r.phase = i.phase"
    " ORDER BY i.name LIMIT 50"
)
ROWS = Environment(autoescape=True).from_string(
    "<!doctype html><title>Portfolio</title><table>{% for r in rows %}<tr>"
    '<td><a href="/initiatives/{{ r.id }}">{{ r.name }}</a> {{ r.sector }}</td>'
    "<td>{{ r.region }}</td><td>{{ r.phase }}</td><td>{% for c, n in r.checklists.items() %}"
    '{{ c }} <progress value="{{ n.done }}" max="{{ n.done + n.open }}"></progress>'
    " {{ n.done }}/{{ n.done + n.open }} {% endfor %}</td><td>{{ r.readiness }}</td>"
    "<td>{{ r.phase_entered_at }}</td><td>{{ r.last_activity }}</td></tr>{% endfor %}</table>"
)


def _json(value: Any) -> dict[str, Any]:
    return dict(json.loads(value) if isinstance(value, str) else value or {})


def reference_app(engine: Engine) -> FastAPI:
    app = FastAPI()

    @app.get("/", response_class=HTMLResponse)
    def portfolio() -> str:
        with engine.connect() as connection:
            rows = connection.execute(
                text("SELECT name, region, phase FROM initiatives ORDER BY name LIMIT 50")
            ).all()
        return REFERENCE.render(rows=rows)

    @app.get("/rows", response_class=HTMLResponse)
    def same_rows() -> str:
        # The dashboard's own columns from one query: the stored figures of the current phase.
        with engine.connect() as connection:
            rows = connection.execute(text(SAME_ROWS)).mappings().all()
        return ROWS.render(rows=[{**r, "checklists": _json(r["checklists"])} for r in rows])

    @app.get("/initiatives/{initiative_id}", response_class=HTMLResponse)
    def initiative(initiative_id: int) -> str:
        with engine.connect() as connection:
            rows = connection.execute(
                text("SELECT i.name AS name, s.item_key AS region, s.status AS phase"
                     " FROM item_states s JOIN initiatives i ON i.id = s.initiative_id"
                     " WHERE i.id = :id"),
                {"id": initiative_id},
            ).all()  # fmt: skip
        return REFERENCE.render(rows=rows)

    @app.get("/export.csv", response_class=PlainTextResponse)
    def export_csv() -> str:
        return same_rows_csv(engine)

    return app


def _interleaved(
    ours: Callable[[], int], theirs: Callable[[], int], repeats: int
) -> tuple[float, float]:
    """The median seconds of `repeats` runs of each, taken in turn, after two untimed runs
    of each (the export's first two runs still compile and cache: 140 and 84 ms against 17
    at 100 initiatives, and the median of three took the second)."""
    for get in (ours, theirs, ours, theirs):
        assert get() == 200
    took: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeats):
        for get, times in ((ours, took[0]), (theirs, took[1])):
            started = time.perf_counter()
            assert get() == 200
            times.append(time.perf_counter() - started)
    return statistics.median(took[0]), statistics.median(took[1])


RATE, P50 = 0, 1  # of the figures bench.portfolio.measure returns


def _in_turn(
    gets: list[Callable[[], int]], requests: int, repeats: int, figure: int = RATE
) -> list[float]:
    """The requests per second (or p50) of each page, measured in turn `repeats` times: the
    median of its runs. The machine's speed drifts: measured once each, one after the other,
    the first page's ratio to its reference moved between 0.42 and 0.61 from run to run."""
    runs: list[list[float]] = [[] for _ in gets]
    for _ in range(repeats):
        for get, found in zip(gets, runs, strict=True):
            found.append(measure_requests(get, requests)[figure])
    return [statistics.median(found) for found in runs]


BY_READINESS = "/portfolio?sort=readiness&order=desc"


def _by_readiness_in_turn(kind: str, large: SignedIn, args: argparse.Namespace) -> None:
    """By readiness at the largest size and at the smallest, in turn, each on a database of
    its own (the smallest grown as the first was): measured minutes apart, one size after
    the other, the machine's drift made the ratio (1.92 in one run, 1.03 in the next)."""
    smallest, largest = min(args.sizes), max(args.sizes)
    with (
        sqlite_database() if kind == "sqlite" else postgres_database()
    ) as url, signed_in(kind, url, reference_app) as small:  # fmt: skip
        small.grow(smallest)
        at_large, at_small = _in_turn(
            [lambda: large.client.get(BY_READINESS).status_code,
             lambda: small.client.get(BY_READINESS).status_code],
            args.requests, args.repeats, P50,
        )  # fmt: skip
    what = f"by readiness p50 ms, {largest} ÷ {smallest}"
    print(f"\n{kind}, in turn on a database of each size")
    print(f"  {what:34} {at_large * 1e3:14.1f} {at_small * 1e3:14.1f} {at_large / at_small:7.2f}x")


def _median_run(runs: list[saves_bench.Result]) -> saves_bench.Result:
    """The run with the median p99 of the repetitions."""
    return sorted(runs, key=lambda r: r.p99)[len(runs) // 2]


def _save_targets(
    sessions: sessionmaker[Session], writers: int
) -> tuple[list[list[saves_bench.Target]], dict[saves_bench.Target, str]]:
    """An open initiative a writer, with the tickable items of its phase, and every
    item's status now (the writers toggle it, so each save changes something)."""
    model = get_model()
    keys = {
        phase: [i.key for i in model.tickable_items if i.phase is phase] for phase in PHASE_ORDER
    }
    with sessions() as session:
        chosen = session.execute(
            select(Initiative.id, Initiative.phase)
            .where(Initiative.phase != Phase.CLOSED)
            .order_by(Initiative.id)
            .limit(writers)
        ).all()
        targets = [[(i, key) for key in keys[phase]] for i, phase in chosen]
        statuses = {
            (i, key): status.value
            for i, key, status in session.execute(
                select(ItemState.initiative_id, ItemState.item_key, ItemState.status).where(
                    ItemState.initiative_id.in_([i for i, _ in chosen])
                )
            )
        }
    return targets, {t: statuses.get(t, "open") for mine in targets for t in mine}


def bench(kind: str, url: str, args: argparse.Namespace) -> None:
    with signed_in(kind, url, reference_app) as portfolio:
        client, reference, sessions = portfolio.client, portfolio.reference, portfolio.sessions
        for size in args.sizes:
            portfolio.grow(size)
            with sessions() as session:
                some = session.scalar(
                    select(Initiative.id).where(Initiative.phase != Phase.CLOSED).limit(1)
                )
            n = args.requests
            path = f"/initiatives/{some}"
            # Each lambda runs before the loop moves on: binding late is harmless.
            first, first_ref, same_ref, page, page_ref = _in_turn(
                [
                    lambda: client.get("/portfolio").status_code,
                    lambda: reference.get("/").status_code,
                    lambda: reference.get("/rows").status_code,
                    lambda: client.get(path).status_code,  # noqa: B023
                    lambda: reference.get(path).status_code,  # noqa: B023
                ],
                n,
                args.repeats,
            )
            ready = measure_requests(lambda: client.get(BY_READINESS).status_code, n)
            export, export_ref = _interleaved(
                lambda: client.get("/portfolio/export.csv").status_code,
                lambda: reference.get("/export.csv").status_code,
                args.repeats,
            )
            targets, statuses = _save_targets(sessions, args.writers)
            with tempfile.TemporaryDirectory(prefix="klusterfas-bench-") as data_dir:
                save_runs, save_ref_runs = saves_bench.compare(
                    url, (ADMIN, PASSWORD), targets, statuses, seconds=args.save_seconds,
                    repeats=args.repeats, data_dir=Path(data_dir), audit_key=AUDIT_KEY,
                )  # fmt: skip
            save, save_ref = _median_run(save_runs), _median_run(save_ref_runs)
            print(f"\n{kind}, {size} initiatives ({size * 134} item states)")
            print(f"  {'what':34} {'klusterfas':>14} {'reference':>14} {'ratio':>8}")
            rows = [
                ("portfolio first page, req/s", first, first_ref),
                ("initiative page, req/s", page, page_ref),
                (f"item save x{args.writers} writers, p99 ms", save.p99 * 1e3, save_ref.p99 * 1e3),
                (f"item save x{args.writers} writers, p50 ms", save.p50 * 1e3, save_ref.p50 * 1e3),
                (
                    f"item save x{args.writers} writers, saves/s",
                    save.saves_per_second,
                    save_ref.saves_per_second,
                ),
                ("CSV export, ms", export * 1e3, export_ref * 1e3),
            ]
            for name, ours, theirs in rows:
                print(f"  {name:34} {ours:14.1f} {theirs:14.1f} {ours / theirs:7.2f}x")
            print(f"  {'by readiness, p50 ms':34} {ready[1] * 1e3:14.1f}")
            mine = first / same_ref
            print(f"  first page against a bare page of its own columns: {mine:.2f}x"
                  f" (that page {same_ref:.1f} req/s)")  # fmt: skip
            errors = sum(r.errors for r in save_runs), sum(r.errors for r in save_ref_runs)
            print(
                f"  item save errors: {errors[0]} (reference {errors[1]}); p99 of each run"
                f" of {args.save_seconds:g} s:"
                f" {', '.join(f'{r.p99 * 1e3:.0f}' for r in save_runs)} ms"
                f" (reference {', '.join(f'{r.p99 * 1e3:.0f}' for r in save_ref_runs)} ms)"
            )
        if len(args.sizes) > 1:
            _by_readiness_in_turn(kind, portfolio, args)


def main() -> None:
    env = os.environ.get
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    database_arguments(parser, sizes="100,2000")
    parser.add_argument("--requests", type=int, default=int(env("KLUSTERFAS_BENCH_REQUESTS", "50")))
    parser.add_argument("--writers", type=int, default=int(env("KLUSTERFAS_BENCH_WRITERS", "16")))
    parser.add_argument(
        "--save-seconds", type=float, default=float(env("KLUSTERFAS_BENCH_SAVE_SECONDS", "5"))
    )
    parser.add_argument("--repeats", type=int, default=int(env("KLUSTERFAS_BENCH_REPEATS", "3")))
    args = parser.parse_args()
    args.sizes = sizes_of(args)
    print(f"{args.requests} sequential requests a page, in turn {args.repeats} times, in-process;"
          f" {args.writers} writer threads")  # fmt: skip
    on_each_database(bench, args)


if __name__ == "__main__":
    main()
