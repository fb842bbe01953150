#!/usr/bin/env bash
# Set up, then run every check: lint (ruff), types (mypy) and the test suite (pytest).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/ruff check src tests
.venv/bin/ruff format --check src tests
.venv/bin/mypy
# The web tests run against SQLite and a throwaway PostgreSQL server (YUSUAN_TEST_POSTGRES), which
# is stopped and deleted however pytest ends. YUSUAN_NO_POSTGRES=1: none (those tests skip; in CI
# they fail).
if [ -z "${YUSUAN_NO_POSTGRES:-}" ] && [ -z "${YUSUAN_TEST_POSTGRES:-}" ]; then
  pgdir=$(mktemp -d)
  trap 'bash scripts/postgres.sh stop "$pgdir" || true; rm -rf "$pgdir"' EXIT
  YUSUAN_TEST_POSTGRES=$(bash scripts/postgres.sh start "$pgdir")
  export YUSUAN_TEST_POSTGRES
fi
.venv/bin/python -m pytest -n auto "$@"
