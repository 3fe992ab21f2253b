#!/usr/bin/env bash
# Start a throwaway PostgreSQL cluster on 127.0.0.1 and print its SQLAlchemy URL.
#
#   scripts/start_postgres.sh [PORT] [DBNAME]      # PORT 0 or absent: a free port
#   export CONGVAN_TEST_POSTGRES_URL=$(scripts/start_postgres.sh)
#
# initdb runs as the `postgres` system user (it refuses root) in a fresh temporary directory;
# authentication is `trust` on loopback only, so this is for tests and CI, never production.
# The data directory and the stop command are printed on stderr; stop it with
#   su postgres -c "pg_ctl -D DIR stop -m fast"   (or: scripts/start_postgres.sh --stop DIR)
set -euo pipefail

PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)}
[ -x "$PGBIN/initdb" ] || { echo "start_postgres: no PostgreSQL server binaries (apt-get install postgresql)" >&2; exit 7; }

as_pg() {  # run a command as the postgres user when we are root, else as ourselves
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if [ "${1:-}" = "--stop" ]; then
  as_pg "$PGBIN/pg_ctl" -D "$2" stop -m fast >&2
  rm -rf "$(dirname "$2")"
  exit 0
fi

PORT=${1:-0}
DB=${2:-congvan_test}
if [ "$PORT" = 0 ]; then
  PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
fi

BASE=$(mktemp -d /tmp/congvan-pg.XXXXXX)
chmod 755 "$BASE"
[ "$(id -u)" = 0 ] && chown postgres: "$BASE"
DATA=$BASE/data

as_pg "$PGBIN/initdb" -D "$DATA" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$BASE/initdb.log" 2>&1 \
  || { cat "$BASE/initdb.log" >&2; exit 1; }
as_pg "$PGBIN/pg_ctl" -D "$DATA" -l "$BASE/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $PORT -k $BASE -c fsync=off -c max_connections=100" start >&2 \
  || { cat "$BASE/server.log" >&2; exit 1; }
as_pg "$PGBIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres "$DB"

echo "start_postgres: data directory $DATA; stop with: $0 --stop $DATA" >&2
echo "postgresql+psycopg://postgres@127.0.0.1:$PORT/$DB"
