#!/usr/bin/env bash
# Set up, then run every check: lint (ruff), types (mypy) and the test suite (pytest).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/ruff check src tests
.venv/bin/ruff format --check src tests
.venv/bin/mypy
.venv/bin/python -m pytest -n auto "$@"
