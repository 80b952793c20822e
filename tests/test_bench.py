"""Every benchmark still runs, at a tiny size (no timings are asserted: figures are
ratios printed by the benchmarks themselves)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT

RUNS = [
    ["bench/machine.py", "--rows", "20", "--repeat", "1"],
    ["bench/page_view.py", "--requests", "3"],
    ["bench/portfolio_summary.py", "--initiatives", "6", "--assessments", "2", "--repeat", "1"],
    ["bench/portfolio.py", "--requests", "2", "--sizes", "5", "--no-postgres"],
]


@pytest.mark.parametrize("command", RUNS, ids=[run[0] for run in RUNS])
def test_the_benchmark_runs(command: list[str], tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "KLUSTERFAS_BENCH_DATABASE_URL"}
    done = subprocess.run(
        [sys.executable, *command],
        cwd=REPO_ROOT,
        env={**env, "TMPDIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "x" in done.stdout  # each prints its ratios


def test_the_generator_fills_a_migrated_database(tmp_path: Path) -> None:
    from app import migrate

    url = f"sqlite:///{tmp_path / 'big.db'}"
    migrate.upgrade(url)
    done = subprocess.run(
        [sys.executable, "bench/generate_portfolio.py", "--initiatives", "7", "--url", url],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    from sqlalchemy import create_engine, text

    with create_engine(url).connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM initiatives")).scalar_one() == 7
