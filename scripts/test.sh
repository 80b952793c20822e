#!/usr/bin/env bash
# Set up and run every check: lint, types, and the test suite on SQLite and
# PostgreSQL (127.0.0.1:5432, or KLUSTERFAS_TEST_POSTGRES_URL) plus the browser test.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy
.venv/bin/python -m pytest "$@"
