#!/usr/bin/env bash
# Set up, migrate, load the demo portfolio (idempotent) and serve on SQLite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export KLUSTERFAS_DATABASE_URL="${KLUSTERFAS_DATABASE_URL:-sqlite:///klusterfas.db}"
host="${HOST:-127.0.0.1}"
port="${PORT:-8000}"
.venv/bin/klusterfas db upgrade
.venv/bin/klusterfas demo
echo "Open http://${host}:${port}/ and log in with one of the demo logins above."
exec .venv/bin/klusterfas serve --host "$host" --port "$port"
