"""Every benchmark still runs, at a tiny size (no timings are asserted: figures are
ratios printed by the benchmarks themselves)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT

pytestmark = pytest.mark.bench

RATIO = r"\d+\.\d+x"  # as each benchmark prints a ratio: "12.4x"

# (command, a line that carries ratios, how many such lines the command prints)
RUNS: list[tuple[list[str], str, int]] = [
    (
        ["bench/machine.py", "--rows", "20", "--repeat", "1"],
        # "list page: triggers per row   1.94ms   0.09ms   20.6x", one line per case
        rf"^\S.* +\d+\.\d+ms +\d+\.\d+ms +{RATIO}$",
        2,
    ),
    (
        ["bench/page_view.py", "--requests", "3"],
        rf"^ratio klusterfas / reference: throughput {RATIO}, p50 latency {RATIO}$",
        1,
    ),
    (
        ["bench/page_weight.py", "--requests", "3"],
        rf"^ratio klusterfas / reference: p50 latency {RATIO}, bytes {RATIO}$",
        1,
    ),
    (
        ["bench/portfolio_summary.py", "--initiatives", "6", "--assessments", "2", "--repeat", "1"],
        rf"^ratio reference / ours: +{RATIO}$",
        1,
    ),
    (
        ["bench/portfolio.py", "--requests", "2", "--sizes", "5", "--no-postgres"],
        # "  dashboard, first page  109.4  9.14ms  9.27ms  3.5x  3.5x": 3 pages, 1 size, SQLite
        rf"^  \S.* +\d+\.\d+ms +\d+\.\d+ms +{RATIO} +{RATIO}$",
        3,
    ),
    (
        [
            "bench/scale.py",
            "--sizes",
            "4,6",
            "--requests",
            "2",
            "--writers",
            "2",
            "--save-seconds",
            "0.2",
            "--repeats",
            "1",
            "--no-postgres",
        ],
        # "  portfolio first page, req/s   3.0   56.6   0.05x": 6 rows at each of 2 sizes, and
        # by readiness at 6 against at 4, in turn on a database of each
        rf"^  \S.* +\d+\.\d+ +\d+\.\d+ +{RATIO}$",
        13,
    ),
    (
        ["bench/exports.py", "--sizes", "3", "--repeat", "1", "--no-postgres"],
        # "  XLSX export, s   0.102   0.012   8.65x": 5 rows at 1 size
        rf"^  \S.* +\d+\.\d+ +\d+\.\d+ +{RATIO}$",
        5,
    ),
]


def _bench(command: list[str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """Run a bench script on SQLite (its own temporary files in `tmp_path`); it must succeed."""
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
    return done


@pytest.mark.parametrize(
    ("command", "ratio_line", "lines"), RUNS, ids=[command[0] for command, _, _ in RUNS]
)
def test_the_benchmark_runs(
    command: list[str], ratio_line: str, lines: int, tmp_path: Path
) -> None:
    done = _bench(command, tmp_path)
    # Each prints its ratios: the run fails if a line of figures is missing or malformed.
    found = re.findall(ratio_line, done.stdout, re.MULTILINE)
    assert len(found) == lines, done.stdout


@pytest.mark.parametrize(
    ("command", "heading"),
    [
        (["bench/initiative_profile.py", "--requests", "3"], "CPU ms a request"),
        (["bench/save_profile.py", "--saves", "3"], "CPU ms a save"),
    ],
    ids=["initiative_profile", "save_profile"],
)
def test_the_profiles_run(command: list[str], heading: str, tmp_path: Path) -> None:
    """The profiles print CPU times, not ratios: each must still run and split them."""
    done = _bench(command, tmp_path)
    assert heading in done.stdout and "of which SQL in the driver" in done.stdout, done.stdout


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
