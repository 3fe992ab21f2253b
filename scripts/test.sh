#!/usr/bin/env bash
# The whole test suite, slow tests included, against SQLite and a throwaway PostgreSQL.
# Extra arguments go to pytest (e.g. `bash scripts/test.sh -m "not slow"`).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
VENV=${VENV:-.venv}

if [[ -z "${CONGVAN_TEST_POSTGRES_URL:-}" ]]; then
  pglog=$(mktemp)
  CONGVAN_TEST_POSTGRES_URL=$(bash scripts/start_postgres.sh 2>"$pglog") || { cat "$pglog" >&2; exit 1; }
  pgdata=$(sed -n 's/^start_postgres: data directory \([^;]*\);.*/\1/p' "$pglog")
  trap 'bash scripts/start_postgres.sh --stop "$pgdata" >/dev/null 2>&1 || true; rm -f "$pglog"' EXIT
  export CONGVAN_TEST_POSTGRES_URL
  echo "test: throwaway PostgreSQL at $CONGVAN_TEST_POSTGRES_URL"
fi
export OMP_THREAD_LIMIT=1
"$VENV/bin/ruff" check pipeline flows tests bench
set +e
"$VENV/bin/pytest" -q -p no:cacheprovider "$@"
rc=$?
set -e
exit $rc
