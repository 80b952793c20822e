#!/usr/bin/env bash
# Set up and run every check: lint, types, and the test suite on SQLite and
# PostgreSQL (127.0.0.1:5432, or KLUSTERFAS_TEST_POSTGRES_URL) plus the browser test.
# Arguments go to pytest. CI runs it without any, so every test runs (CI=true also fails
# on skips and refuses --db sqlite|postgresql).
#
# A fast local loop, without Chromium, the benchmarks and the console-script subprocesses,
# on SQLite only:
#     .venv/bin/python -m pytest -m "not browser and not bench and not cli" --db sqlite
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy
# Spread over the cores (KLUSTERFAS_TEST_WORKERS=0 runs in one process, e.g. to debug).
.venv/bin/python -m pytest -n "${KLUSTERFAS_TEST_WORKERS:-auto}" "$@"
