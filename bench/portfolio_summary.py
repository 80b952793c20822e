"""How the portfolio's internationalisation summary (aggregated in SQL) scales.

The reference, measured in the same run on the same database: load every assessment
and score row into Python and aggregate there (one query per initiative, as a naive
page would). Both must give the same figures; the script checks that first.

    .venv/bin/python bench/portfolio_summary.py [--initiatives 300] [--assessments 4]

Prints medians and the ratio reference / ours (higher is better for ours).
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import date
from pathlib import Path

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from app import migrate
from app.db import make_engine, make_sessionmaker
from app.domain.permissions import Role
from app.internationalisation import queries
from app.internationalisation.grids import AXES, RU_PILOT_CLUSTERS
from app.models.accounts import User
from app.models.assessments import AssessmentScore, InternationalisationAssessment
from app.models.initiatives import Initiative
from app.phases import Phase

Assessment = InternationalisationAssessment


def seed(session: Session, initiatives: int, per_initiative: int) -> None:
    rng = random.Random(5)
    user = User(email="b@example.se", name="B", role=Role.SUPPORT, password_hash="x")
    session.add(user)
    session.flush()
    rows = [
        Initiative(name=f"I{i}", region=f"R{i % 21}", phase=Phase.PILOT, model_version="v")
        for i in range(initiatives)
    ]
    session.add_all(rows)
    session.flush()
    scores = []
    for initiative in rows:
        for n in range(per_initiative):
            a = Assessment(
                initiative_id=initiative.id,
                assessed_on=date(2020 + n, 6, 1),
                level=rng.randint(1, 7),
                kpis=[],
            )
            session.add(a)
            session.flush()
            for dimension, axes in AXES.items():
                for axis in axes:
                    score = rng.choice([None, 0, 1, 2, 3, 4])
                    scores.append(
                        {
                            "assessment_id": a.id,
                            "dimension": dimension.value,
                            "key": axis.key,
                            "score": score,
                        }
                    )
    session.execute(insert(AssessmentScore), scores)
    session.commit()


def ours(session: Session) -> dict[tuple[str, str], tuple[int, float | None]]:
    summary = queries.portfolio_summary(session, select(Initiative), RU_PILOT_CLUSTERS)
    return {
        (d.value, k): (e.n, e.mean)
        for d, entries in summary.by_key.items()
        for k, e in entries.items()
    }


def reference(session: Session) -> dict[tuple[str, str], tuple[int, float | None]]:
    found: dict[tuple[str, str], list[int | None]] = defaultdict(list)
    for initiative_id in session.scalars(select(Initiative.id)):
        latest = session.scalars(
            select(Assessment)
            .where(Assessment.initiative_id == initiative_id)
            .order_by(Assessment.assessed_on.desc())
            .limit(1)
        ).first()
        if latest is None:
            continue
        for score in session.scalars(
            select(AssessmentScore).where(AssessmentScore.assessment_id == latest.id)
        ):
            found[(score.dimension, score.key)].append(score.score)
    result = {}
    for key, values in found.items():
        given = [v for v in values if v is not None]
        result[key] = (len(values), sum(given) / len(given) if given else None)
    return result


def median_seconds(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--initiatives", type=int, default=300)
    parser.add_argument("--assessments", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        migrate.upgrade(url)
        engine = make_engine(url)
        with make_sessionmaker(engine, audit_key="bench-audit-key")() as session:
            seed(session, args.initiatives, args.assessments)
            a, b = ours(session), reference(session)
            assert a.keys() == b.keys()
            assert all(
                a[k][0] == b[k][0] and abs((a[k][1] or 0) - (b[k][1] or 0)) < 1e-9 for k in a
            )
            fast = median_seconds(lambda: ours(session), args.repeat)
            slow = median_seconds(lambda: reference(session), args.repeat)
        engine.dispose()
    print(f"{args.initiatives} initiatives x {args.assessments} assessments, SQLite")
    print(f"summary in SQL (3 queries):         {fast * 1000:8.2f} ms")
    print(f"reference, in Python (2 per init.): {slow * 1000:8.2f} ms")
    print(f"ratio reference / ours:             {slow / fast:8.1f}x")


if __name__ == "__main__":
    main()
