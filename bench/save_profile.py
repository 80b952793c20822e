"""Where an item save's time goes: SQL in the driver, the use-case, the answer and the rest.

Loads the demo portfolio into a fresh database (bench/demo_pages.py; PostgreSQL when
KLUSTERFAS_BENCH_DATABASE_URL names an empty one), then posts the item form of an open
initiative as the page's script does (bench/saves.py's form), as an administrator,
toggling one item of its phase, in the calling thread (FastAPI's thread pool replaced by a
direct call, as in bench/initiative_profile.py), and prints the CPU time a save spends in
each part; `--profile` adds cProfile's top functions.

    .venv/bin/python bench/save_profile.py [--saves 300] [--profile]
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.initiative_profile import SPENT, _in_this_thread, _timed, report, sql_timer
from bench.saves import FORM, item_form


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=300)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    _in_this_thread()
    import httpx
    from sqlalchemy import select

    from app.models.initiatives import Initiative
    from app.phases import Phase, get_model
    from app.support import services as support
    from app.web import templating
    from app.web.application import create_app
    from app.web.pages import items as pages
    from bench.demo_pages import demo_database, settings_for

    _, url, sessions = demo_database()
    with sessions() as session:
        some, phase = session.execute(
            select(Initiative.id, Initiative.phase)
            .where(Initiative.phase != Phase.CLOSED)
            .order_by(Initiative.id)
            .limit(1)
        ).one()
    key = next(i.key for i in get_model().tickable_items if i.phase is phase)
    app = create_app(settings_for(url), sessions=sessions)
    engine = sessions.kw["bind"]
    _timed(support, "save_item", "use-case (unit of work)")
    _timed(pages, "item_answer_view", "answer's view")
    _timed(templating, "html_of", "Jinja")
    sql = sql_timer(engine)

    async def run() -> None:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            login = (await client.get("/login")).text
            csrf = login.split('name="csrf-token" content="')[1].split('"')[0]
            form = {"email": "admin@klusterfas.demo", "password": "demo-admin-2026"}
            await client.post("/login", data={**form, "csrf_token": csrf})
            page = (await client.get(f"/initiatives/{some}")).text
            csrf = page.split('name="csrf-token" content="')[1].split('"')[0]
            headers = {"HX-Request": "true", "X-CSRF-Token": csrf, "X-Item-Answer": "slim",
                       "Content-Type": FORM}  # fmt: skip
            path = f"/initiatives/{some}/items/{key}"
            done = [False]

            async def save() -> float:
                done[0] = not done[0]
                body = item_form("done" if done[0] else "open", csrf)  # as bench/saves.py
                begin = time.thread_time()
                response = await client.post(path, content=body, headers=headers)
                took = time.thread_time() - begin
                assert response.status_code == 200, response.status_code
                return took

            for _ in range(20):
                await save()
            SPENT.clear()
            sql.update(seconds=0.0, statements=0)
            took = [await save() for _ in range(args.saves)]
            n = args.saves
            report(f"POST {path} as an administrator, {n} saves, CPU ms a save", took, sql)
            if args.profile:
                profile = cProfile.Profile(time.thread_time)
                profile.enable()
                for _ in range(n):
                    await save()
                profile.disable()
                stats = pstats.Stats(profile)
                stats.sort_stats("tottime").print_stats(30)
                stats.sort_stats("cumulative").print_stats(60)

    asyncio.run(run())


if __name__ == "__main__":
    main()
