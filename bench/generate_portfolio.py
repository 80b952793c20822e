"""Fill a database with a synthetic portfolio, fast: bulk inserts, no use-cases.

    .venv/bin/python bench/generate_portfolio.py --initiatives 10000 --url sqlite:///big.db

Each initiative gets one row per checklist item of its model (134 in
klusterutveckling/1): earlier phases done, the current phase partly settled,
some result items with target dates, and one advance transition per earlier
phase. The database must be migrated already (`klusterfas db upgrade`).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, insert

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.db import make_engine
from app.domain.items import ItemStatus
from app.models.initiatives import Initiative, ItemState, Transition
from app.models.readiness import PhaseReadiness
from app.phases import CURRENT_VERSION, PHASE_ORDER, Phase, get_model
from app.readiness.rules import StateFact, figures
from app.readiness.services import mirror

REGIONS = [
    "Blekinge", "Dalarna", "Gotland", "Gävleborg", "Halland", "Jämtland", "Jönköping",
    "Kalmar", "Kronoberg", "Norrbotten", "Skåne", "Stockholm", "Södermanland", "Uppsala",
    "Värmland", "Västerbotten", "Västernorrland", "Västmanland", "Västra Götaland",
    "Örebro", "Östergötland",
]  # fmt: skip
SECTORS = [
    "Textil",
    "Rymd",
    "Livsmedel",
    "Skog",
    "Besöksnäring",
    "Drönare",
    "Energi",
    "Life science",
]
WORDS = ["nod", "kluster", "arena", "allians", "nätverk", "hubb", "samverkan", "plattform"]


def generate(connection: Connection, count: int, *, seed: int = 4, chunk: int = 1000) -> int:
    """Insert `count` initiatives with all their item states; return the item rows written."""
    rng = random.Random(seed)
    model = get_model(CURRENT_VERSION)
    now = datetime.now(UTC)
    written = 0
    for start in range(0, count, chunk):
        batch = min(chunk, count - start)
        initiatives: list[dict[str, Any]] = []
        for n in range(start, start + batch):
            phase = rng.choice([*PHASE_ORDER, Phase.CLOSED]) if n % 17 else Phase.CLOSED
            closed_from = rng.choice(PHASE_ORDER) if phase is Phase.CLOSED else None
            entered = now - timedelta(days=rng.randint(1, 400), minutes=rng.randint(0, 1440))
            initiatives.append(
                {
                    "name": f"{rng.choice(SECTORS)}{rng.choice(WORDS)} {n + 1}",
                    "region": rng.choice(REGIONS),
                    "sector": rng.choice(SECTORS),
                    "phase": phase,
                    "closed_from": closed_from,
                    "model_version": model.version,
                    "phase_entered_at": entered,
                    "created_at": entered - timedelta(days=rng.randint(30, 900)),
                    "updated_at": entered + timedelta(days=rng.randint(0, 30)),
                }
            )
        ids = connection.execute(
            insert(Initiative).returning(Initiative.id, sort_by_parameter_order=True), initiatives
        ).scalars().all()  # fmt: skip
        states: list[dict[str, Any]] = []
        moves: list[dict[str, Any]] = []
        for initiative_id, row in zip(ids, initiatives, strict=True):
            reached = PHASE_ORDER.index(row["closed_from"] or row["phase"])
            share = rng.random()
            for item in model.items:
                index = PHASE_ORDER.index(item.phase)
                done = index < reached or (index == reached and rng.random() < share)
                states.append(
                    {
                        "initiative_id": initiative_id,
                        "item_key": item.key,
                        "status": "done" if done else "open",
                        "note": "Genomfört." if done else None,
                        "link": None,
                        "justification": None,
                        "updated_at": row["updated_at"] if done else None,
                        "target_date": (
                            date.today() + timedelta(days=rng.randint(-60, 120))
                            if index >= reached
                            and item.category.value == "results"
                            and rng.random() < 0.2
                            else None
                        ),
                    }
                )
            when = row["created_at"]
            for earlier, later in pairwise(PHASE_ORDER[: reached + 1]):
                when = when + (row["phase_entered_at"] - row["created_at"]) / max(reached, 1)
                moves.append(
                    {
                        "initiative_id": initiative_id,
                        "trigger": "advance",
                        "from_phase": earlier,
                        "to_phase": later,
                        "reason": None,
                        "created_at": when,
                        "gate_snapshot": {
                            "generated": True,
                            "model_version": model.version,
                            "gate": {"allowed": True, "missing": []},
                            "items": {},
                        },
                    }
                )
        connection.execute(insert(ItemState), states)
        # The stored readiness, as the use-cases would have kept it (no evidence here).
        facts: dict[int, list[StateFact]] = {i: [] for i in ids}
        for state in states:
            status = ItemStatus(state["status"])
            facts[state["initiative_id"]].append(StateFact(state["item_key"], status, False))
        readiness = [
            {"initiative_id": i, **f.row()}
            for i in ids
            for f in figures(model, facts[i], [], date.today())
        ]
        connection.execute(insert(PhaseReadiness), readiness)
        connection.execute(mirror(ids))  # onto each initiative's row, as the use-cases do
        if moves:
            connection.execute(insert(Transition), moves)
        written += len(states)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--initiatives", type=int, default=1000)
    parser.add_argument("--url", required=True, help="a migrated database")
    parser.add_argument("--seed", type=int, default=4)
    args = parser.parse_args()
    engine = make_engine(args.url)
    started = time.perf_counter()
    with engine.begin() as connection:
        rows = generate(connection, args.initiatives, seed=args.seed)
    took = time.perf_counter() - started
    print(f"{args.initiatives} initiatives, {rows} item states in {took:.1f} s")
    engine.dispose()


if __name__ == "__main__":
    main()
