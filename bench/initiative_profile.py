"""Where an initiative page's time goes: SQL, building the view, Jinja and the rest.

Loads the demo portfolio into a fresh database (bench/demo_pages.py), then requests the
page of the initiative with the most item states, events and evidence, as a support
officer, in the calling thread (FastAPI's thread pool replaced by a direct call, so that
one clock sees everything), and prints the CPU time a request spends in each part;
`--profile` adds cProfile's top functions.

    .venv/bin/python bench/initiative_profile.py [--requests 200] [--profile]
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import functools
import pstats
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


async def _direct(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    return func(*args, **kwargs)


def _in_this_thread() -> None:
    import fastapi.concurrency
    import fastapi.dependencies.utils
    import fastapi.routing
    import starlette.concurrency

    for module in (starlette.concurrency, fastapi.routing, fastapi.dependencies.utils):
        module.run_in_threadpool = _direct  # type: ignore[attr-defined]
    fastapi.concurrency.run_in_threadpool = _direct


SPENT: dict[str, float] = {}


def _timed(owner: Any, name: str, part: str) -> None:
    """Charge the CPU time of owner.name to `part`."""
    original = getattr(owner, name)

    @functools.wraps(original)
    def timed(*args: Any, **kwargs: Any) -> Any:
        begin = time.thread_time()
        try:
            return original(*args, **kwargs)
        finally:
            SPENT[part] = SPENT.get(part, 0.0) + time.thread_time() - begin

    setattr(owner, name, timed)


def sql_timer(engine: Any) -> dict[str, float]:
    """The CPU seconds spent in the driver and the statements sent through `engine` from
    now on (reset them by `update`)."""
    from sqlalchemy import event

    sql = {"seconds": 0.0, "statements": 0.0}

    @event.listens_for(engine, "before_cursor_execute")
    def _start(conn: Any, cursor: Any, statement: str, *rest: Any) -> None:
        conn.info["bench_started"] = time.thread_time()

    @event.listens_for(engine, "after_cursor_execute")
    def _end(conn: Any, cursor: Any, statement: str, *rest: Any) -> None:
        sql["seconds"] += time.thread_time() - conn.info.pop("bench_started")
        sql["statements"] += 1

    return sql


def report(heading: str, took: list[float], sql: dict[str, float]) -> None:
    """The CPU time of each request (`took`), split into the parts timed in SPENT, the
    rest, and the SQL of it."""
    n = len(took)
    print(heading)
    print(f"  {'whole request (median)':32} {statistics.median(took) * 1e3:7.2f}")
    print(f"  {'whole request (mean)':32} {sum(took) / n * 1e3:7.2f}")
    for part, seconds in sorted(SPENT.items(), key=lambda kv: -kv[1]):
        print(f"  {part:32} {seconds / n * 1e3:7.2f}")
    rest = sum(took) - sum(SPENT.values())
    print(f"  {'the rest (framework, auth, ...)':32} {rest / n * 1e3:7.2f}")
    print(f"  {'of which SQL in the driver':32} {sql['seconds'] / n * 1e3:7.2f}", end="")
    print(f"  ({sql['statements'] / n:.0f} statements)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    _in_this_thread()
    import httpx
    from sqlalchemy import func, select

    from app.initiatives import queries as initiative_queries
    from app.models.initiatives import Initiative, Transition
    from app.web import templating
    from app.web.application import create_app
    from bench.demo_pages import demo_database, settings_for

    _, url, sessions = demo_database()
    with sessions() as session:
        busiest = session.scalar(
            select(Initiative.id)
            .outerjoin(Transition, Transition.initiative_id == Initiative.id)
            .group_by(Initiative.id)
            .order_by(func.count(Transition.id).desc(), Initiative.id)
            .limit(1)
        )
    app = create_app(settings_for(url), sessions=sessions)
    engine = sessions.kw["bind"]
    _timed(initiative_queries, "view_of", "view (queries and gate)")
    _timed(templating, "html_of", "Jinja")
    _timed(templating, "navigation_counts", "navigation counts")
    sql = sql_timer(engine)

    async def run() -> None:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            login = (await client.get("/login")).text
            csrf = login.split('name="csrf-token" content="')[1].split('"')[0]
            form = {"email": "stod@klusterfas.demo", "password": "demo-support-2026"}
            await client.post("/login", data={**form, "csrf_token": csrf})
            path = f"/initiatives/{busiest}"
            for _ in range(20):
                assert (await client.get(path)).status_code == 200
            SPENT.clear()
            sql.update(seconds=0.0, statements=0)
            took = []
            for _ in range(args.requests):
                begin = time.thread_time()
                await client.get(path)
                took.append(time.thread_time() - begin)
            n = args.requests
            report(f"GET {path} as a support officer, {n} requests, CPU ms a request", took, sql)
            if args.profile:
                profile = cProfile.Profile()
                profile.enable()
                for _ in range(n):
                    await client.get(path)
                profile.disable()
                pstats.Stats(profile).sort_stats("tottime").print_stats(25)

    asyncio.run(run())


if __name__ == "__main__":
    main()
