"""The export and analytics rows of the issue-16 table, each against a bare reference
built here on the same database in the same run, as a ratio.

For each database (a temporary SQLite file; a fresh PostgreSQL database created and
dropped here) and each size (bench/generate_portfolio.py, 134 item states an initiative):

- CSV export of the portfolio, seconds: vs a bare CSV of the same rows from one query;
- XLSX export of the portfolio, seconds: vs a bare write-only workbook from one query;
- portfolio PDF (200 rows), seconds: vs a bare WeasyPrint table of 200 rows from one query;
- item-state export (GET /api/portfolio/items.csv), rows/s: vs a bare CSV of item_states;
  and the process's peak RSS while it streams (sampled);
- analytics page, ms: vs a bare page of the phase counts from one query.

    .venv/bin/python bench/exports.py [--sizes 100,2000] [--repeat 1] [--no-postgres]
"""

from __future__ import annotations

import argparse
import csv
import http.client
import io
import os
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import HTMLResponse, PlainTextResponse, Response, StreamingResponse
from fastapi.testclient import TestClient
from openpyxl import Workbook
from sqlalchemy import Engine, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import saves
from bench.portfolio import (
    ADMIN,
    AUDIT_KEY,
    PASSWORD,
    REFERENCE,
    database_arguments,
    on_each_database,
    same_rows_csv,
    signed_in,
    sizes_of,
)  # fmt: skip

ROWS = "SELECT id, name, region, sector, phase FROM initiatives ORDER BY name"


def reference_app(engine: Engine) -> FastAPI:
    app = FastAPI()

    @app.get("/export.csv", response_class=PlainTextResponse)
    def export_csv() -> str:
        return same_rows_csv(engine)

    @app.get("/export.xlsx")
    def export_xlsx() -> Response:
        book = Workbook(write_only=True)
        sheet = book.create_sheet("Portfolio")
        with engine.connect() as connection:
            for row in connection.execute(text(ROWS)):
                sheet.append(list(row))
        out = io.BytesIO()
        book.save(out)
        return Response(out.getvalue(), media_type="application/octet-stream")

    @app.get("/report.pdf")
    def report() -> Response:
        from weasyprint import HTML

        with engine.connect() as connection:
            rows = connection.execute(text(ROWS + " LIMIT 200")).all()
        return Response(HTML(string=REFERENCE.render(rows=rows)).write_pdf())

    @app.get("/items.csv")
    def items() -> StreamingResponse:
        def chunks() -> object:
            out = io.StringIO()
            writer = csv.writer(out)
            writer.writerow(["initiative", "key", "status", "changed", "target"])
            with engine.connect() as connection:
                result = connection.execution_options(yield_per=2000).execute(
                    text("SELECT i.name, s.item_key, s.status, s.updated_at, s.target_date"
                         " FROM item_states s JOIN initiatives i ON i.id = s.initiative_id"
                         " ORDER BY s.initiative_id, s.id")
                )  # fmt: skip
                for n, row in enumerate(result, 1):
                    writer.writerow(row)
                    if n % 2000 == 0:
                        yield out.getvalue()
                        out.seek(0)
                        out.truncate()
            yield out.getvalue()

        return StreamingResponse(chunks(), media_type="text/csv")  # type: ignore[arg-type]

    @app.get("/analytics", response_class=HTMLResponse)
    def analytics() -> str:
        with engine.connect() as connection:
            rows = connection.execute(
                text("SELECT phase AS name, count(*) AS region, '' AS phase"
                     " FROM initiatives GROUP BY phase")
            ).all()  # fmt: skip
        return REFERENCE.render(rows=rows)

    return app


def _rss() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def _timed(ours: Callable[[], int], theirs: Callable[[], int], times: int) -> tuple[float, float]:
    """Seconds a call of each, the best of `times`, the two in turn (each must answer 200):
    measured one after the other, the machine's drift between them moved the CSV's ratio
    by a tenth."""
    best = [float("inf"), float("inf")]
    for _ in range(times):
        for index, get in enumerate((ours, theirs)):
            started = time.perf_counter()
            assert get() == 200
            best[index] = min(best[index], time.perf_counter() - started)
    return best[0], best[1]


def _streamed(client: TestClient, path: str) -> tuple[float, int, int, int]:
    """(seconds, lines, RSS at the start and its peak while streaming, in bytes) of a
    streamed download."""
    start = peak = _rss()
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _rss())
            time.sleep(0.01)

    sampler = threading.Thread(target=sample)
    sampler.start()
    lines = 0
    started = time.perf_counter()
    try:
        with client.stream("GET", path) as response:
            assert response.status_code == 200
            for chunk in response.iter_bytes():
                lines += chunk.count(b"\n")
    finally:
        took = time.perf_counter() - started
        done.set()
        sampler.join()
    return took, lines - 1, start, peak  # less the header


def _served_export(url: str, path: str) -> tuple[float, int, int, int]:
    """(seconds, lines, RSS before and the peak RSS, in bytes) of the export streamed by
    its own server process (one uvicorn worker): the memory is that process's alone."""
    with tempfile.TemporaryDirectory(prefix="klusterfas-bench-") as data_dir:
        env = {"KLUSTERFAS_DATABASE_URL": url, "KLUSTERFAS_SECRET_KEY": "bench",
               "KLUSTERFAS_AUDIT_KEY": AUDIT_KEY, "KLUSTERFAS_DATA_DIR": data_dir}  # fmt: skip
        server = saves.Server("bench.saves:klusterfas_app", env)
        try:
            headers = saves.login(server, ADMIN, PASSWORD)
            status = Path(f"/proc/{server.process.pid}/status")

            def memory(field: str) -> int:
                line = next(x for x in status.read_text().splitlines() if x.startswith(field))
                return int(line.split()[1]) * 1024

            before = memory("VmRSS:")
            connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=600)
            started = time.perf_counter()
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            assert response.status == 200, response.status
            lines = 0
            while chunk := response.read(1 << 16):
                lines += chunk.count(b"\n")
            took = time.perf_counter() - started
            connection.close()
            return took, lines - 1, before, memory("VmHWM:")  # less the header
        finally:
            server.close()


def bench(kind: str, url: str, args: argparse.Namespace) -> None:
    with signed_in(kind, url, reference_app) as portfolio:
        client, reference = portfolio.client, portfolio.reference
        r = args.repeat

        def in_turn(path: str, reference_path: str, times: int) -> tuple[float, float]:
            return _timed(
                lambda: client.get(path).status_code,
                lambda: reference.get(reference_path).status_code,
                times,
            )

        for size in args.sizes:
            portfolio.grow(size)
            csv_s, csv_ref = in_turn("/portfolio/export.csv", "/export.csv", r)
            xlsx_s, xlsx_ref = in_turn("/portfolio/export.xlsx", "/export.xlsx", r)
            pdf_s, pdf_ref = in_turn("/portfolio/report.pdf", "/report.pdf", r)
            ana_s, ana_ref = in_turn("/portfolio/analytics", "/analytics", r * 3)
            items_s, items_n, start, peak = _streamed(client, "/api/portfolio/items.csv")
            items_ref_s, items_ref_n, _, _ = _streamed(reference, "/items.csv")
            assert items_n == items_ref_n == size * 134, (items_n, items_ref_n)
            print(f"\n{kind}, {size} initiatives ({size * 134} item states)")
            print(f"  {'what':34} {'klusterfas':>14} {'reference':>14} {'ratio':>8}")
            rows = [
                ("CSV export, s", csv_s, csv_ref),
                ("XLSX export, s", xlsx_s, xlsx_ref),
                ("portfolio PDF (200 rows), s", pdf_s, pdf_ref),
                ("item-state export, rows/s", items_n / items_s, items_ref_n / items_ref_s),
                ("analytics page, ms", ana_s * 1e3, ana_ref * 1e3),
            ]
            for name, value, ref in rows:
                print(f"  {name:34} {value:14.3f} {ref:14.3f} {value / ref:7.2f}x")
            mib = 2**20
            print(
                f"  item-state export peak RSS of the benchmark's own process: {peak / mib:.0f} MiB"
                f" ({start / mib:.0f} at its start)"
            )
            served_s, served_n, before, high = _served_export(url, "/api/portfolio/items.csv")
            assert served_n == size * 134, served_n
            print(
                f"  item-state export from a server process of its own: {served_n / served_s:,.0f}"
                f" rows/s, its peak RSS {high / mib:.0f} MiB ({before / mib:.0f} before)"
            )


def main() -> None:
    env = os.environ.get
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    database_arguments(parser, sizes="100,2000")
    parser.add_argument("--repeat", type=int, default=int(env("KLUSTERFAS_BENCH_REPEAT", "1")))
    args = parser.parse_args()
    args.sizes = sizes_of(args)
    print(
        f"in-process (TestClient); the best of {args.repeat} a figure (analytics: of 3x),"
        " each in turn with its reference"
    )
    on_each_database(bench, args)


if __name__ == "__main__":
    main()
