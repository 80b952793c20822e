"""Item saves over HTTP, as issue 16 measured them: one uvicorn worker for Klusterfas and
one for a bare reference, W concurrent writers with keep-alive connections.

Klusterfas's writers post the initiative page's item form as its script does (urlencoded
when no document is chosen, the session cookie, the CSRF header) and get the item's
fragment back; the reference's take the same form and run a single UPDATE. Each writer
ticks items of an initiative of its own, toggling each item's status so that every save
changes something. Runs alternate between the two servers (one at a time, so they never
share the CPU) and last as long on both, as `wrk -d` ran issue 16's: each prints saves/s,
p50, p99 and errors (any answer but 200, or a failed connection). Runs of as many saves
each were not as long: the reference's, four times as fast, lasted a quarter as long, and
so met a quarter of the machine's stalls (a few a run on a shared 2-core machine, each
delaying every writer's save under way by 50-120 ms), which the p99 of a run is made of.

    uvicorn --factory bench.saves:klusterfas_app / bench.saves:reference_app
    (started by bench/scale.py through `measure`)
"""

from __future__ import annotations

import http.client
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Annotated
from urllib.parse import urlencode

from fastapi import FastAPI, Form
from fastapi.responses import HTMLResponse
from sqlalchemy import text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.db import make_engine  # noqa: E402

Target = tuple[int, str]  # (initiative id, item key)
WARM_UP = 10  # saves each writer makes on each server before the timed runs


def klusterfas_app() -> FastAPI:
    from app.web.application import create_served_app

    return create_served_app()  # as `klusterfas serve` runs it


def reference_app() -> FastAPI:
    """The same form, one UPDATE, a one-line answer."""
    engine = make_engine(os.environ["KLUSTERFAS_DATABASE_URL"])
    app = FastAPI()

    @app.get("/healthz")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.post("/initiatives/{initiative_id}/items/{key}", response_class=HTMLResponse)
    def save(initiative_id: int, key: str, status: Annotated[str, Form()]) -> str:
        with engine.begin() as connection:
            connection.execute(
                text("UPDATE item_states SET status = :s, note = 'Klart'"
                     " WHERE initiative_id = :i AND item_key = :k"),
                {"s": status, "i": initiative_id, "k": key},
            )  # fmt: skip
        return f"<p>{key}: {status}</p>"

    return app


@dataclass
class Result:
    saves_per_second: float
    p50: float
    p99: float
    errors: int


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Server:
    """`uvicorn --factory <factory>` on a free port, one worker, until closed."""

    def __init__(self, factory: str, env: dict[str, str]) -> None:
        self.port = _free_port()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--factory", factory, "--port", str(self.port),
             "--log-level", "warning", "--no-access-log"],
            cwd=ROOT, env={**os.environ, **env},
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while True:
            try:
                if self.request("GET", "/healthz")[0] == 200:
                    return
            except OSError:
                pass
            if time.monotonic() > deadline or self.process.poll() is not None:
                self.close()
                raise RuntimeError(f"{factory} did not start")
            time.sleep(0.1)

    def request(
        self, method: str, path: str, body: str = "", headers: dict[str, str] | None = None
    ) -> tuple[int, str, list[tuple[str, str]]]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request(method, path, body or None, headers or {})
            response = connection.getresponse()
            return response.status, response.read().decode(), response.getheaders()
        finally:
            connection.close()

    def close(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def login(server: Server, email: str, password: str) -> dict[str, str]:
    """The headers of the page script's item save: the session cookie and its CSRF token,
    and that it takes a plain save's answer as only what changed (app/static/app.js)."""
    status, page, headers = server.request("GET", "/login")
    cookie = _cookie(headers)
    csrf = page.split('name="csrf-token" content="')[1].split('"')[0]
    form = urlencode({"email": email, "password": password, "csrf_token": csrf})
    status, _, headers = server.request(
        "POST", "/login", form,
        {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"},
    )  # fmt: skip
    assert status == 303, f"login answered {status}"
    cookie = _cookie(headers)
    # The first page after login puts a new CSRF token in the session, so its cookie too.
    _, page, headers = server.request("GET", "/tillganglighet", headers={"Cookie": cookie})
    cookie = _cookie(headers) or cookie
    csrf = page.split('name="csrf-token" content="')[1].split('"')[0]
    return {"Cookie": cookie, "X-CSRF-Token": csrf, "HX-Request": "true", "X-Item-Answer": "slim"}


def _cookie(headers: list[tuple[str, str]]) -> str:
    return "; ".join(v.split(";", 1)[0] for k, v in headers if k.lower() == "set-cookie")


FORM = "application/x-www-form-urlencoded"


def item_form(status: str, csrf: str) -> bytes:
    """The item form as the page's script posts it with no document chosen (app/static/
    app.js: urlencoded): every field of the form, the evidence draft empty; and the
    item's own note and link, as the API and older forms send them, so that a tick of an
    item that asks for evidence is not refused (the runs count errors)."""
    fields = {"csrf_token": csrf, "status": status, "justification": "", "kind": "note",
              "evidence_note": "", "url": "", "effective_on": "", "expires_on": "",
              "note": "Klart", "link": "https://example.se/b"}  # fmt: skip
    return urlencode(fields).encode()


def run_writers(
    port: int, headers: dict[str, str], targets: list[list[Target]], statuses: dict[Target, str],
    *, saves: int | None = None, seconds: float | None = None,
) -> Result:  # fmt: skip
    """One thread a list of targets, on a keep-alive connection: `saves` saves each, or
    saves for `seconds` (a save under way then still counts)."""
    if (saves is None) == (seconds is None):
        raise ValueError("run_writers takes either saves or seconds")
    timings: list[float] = []
    errors = 0
    lock = threading.Lock()
    barrier = threading.Barrier(len(targets) + 1)

    def work(mine: list[Target]) -> None:
        nonlocal errors
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        barrier.wait()
        deadline = time.perf_counter() + (seconds or 0.0)
        n = 0
        while (n < saves) if saves is not None else (time.perf_counter() < deadline):
            target = mine[n % len(mine)]
            n += 1
            with lock:
                status = statuses[target] = "open" if statuses[target] == "done" else "done"
            body = item_form(status, headers.get("X-CSRF-Token", ""))
            begin = time.perf_counter()
            try:
                connection.request(
                    "POST", f"/initiatives/{target[0]}/items/{target[1]}", body,
                    {**headers, "Content-Type": FORM},
                )  # fmt: skip
                response = connection.getresponse()
                response.read()
                failed = response.status != 200
            except (OSError, http.client.HTTPException):
                failed = True
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            took = time.perf_counter() - begin
            with lock:
                timings.append(took)
                errors += failed
        connection.close()

    threads = [threading.Thread(target=work, args=(mine,)) for mine in targets]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    timings.sort()
    p99 = timings[min(len(timings) - 1, int(len(timings) * 0.99))]
    return Result(len(timings) / elapsed, statistics.median(timings), p99, errors)


def compare(
    url: str, login_as: tuple[str, str], targets: list[list[Target]], statuses: dict[Target, str],
    *, seconds: float, repeats: int, data_dir: Path, audit_key: str,
) -> tuple[list[Result], list[Result]]:  # fmt: skip
    """Klusterfas's runs and the reference's, alternating, `repeats` each of `seconds`,
    after an untimed round on each server: its pool filled, the statements psycopg
    prepares after five runs on a connection prepared, its templates compiled. Without
    it, the first timed round was the slowest on both sides (229 against 115-149 ms, 66
    against 26-49)."""
    env = {"KLUSTERFAS_DATABASE_URL": url, "KLUSTERFAS_SECRET_KEY": "bench",
           "KLUSTERFAS_AUDIT_KEY": audit_key, "KLUSTERFAS_DATA_DIR": str(data_dir)}  # fmt: skip
    ours_server = Server("bench.saves:klusterfas_app", env)
    try:
        reference_server = Server("bench.saves:reference_app", env)
        try:
            headers = login(ours_server, *login_as)
            failed = (
                run_writers(ours_server.port, headers, targets, statuses, saves=WARM_UP).errors,
                run_writers(reference_server.port, {}, targets, statuses, saves=WARM_UP).errors,
            )
            ours: list[Result] = []
            reference: list[Result] = []
            for _ in range(repeats):
                for server, runs, sent in (
                    (ours_server, ours, headers), (reference_server, reference, {})
                ):  # fmt: skip
                    runs.append(run_writers(server.port, sent, targets, statuses, seconds=seconds))
            # An error in the untimed round still counts.
            ours[0] = replace(ours[0], errors=ours[0].errors + failed[0])
            reference[0] = replace(reference[0], errors=reference[0].errors + failed[1])
            return ours, reference
        finally:
            reference_server.close()
    finally:
        ours_server.close()
