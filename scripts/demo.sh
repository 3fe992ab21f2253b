#!/usr/bin/env bash
# The main job on the bundled samples with the embedded defaults (SQLite ./congvan.db,
# Prefect's local mode): install what is missing, then `congvan demo`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec "${VENV:-.venv}/bin/congvan" demo "$@"
