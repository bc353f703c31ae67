#!/usr/bin/env bash
# The main job on the built-in synthetic university, from a fresh machine:
# PostgreSQL on loopback (installed if missing), a warehouse database, the simulators, a full run.
# Everything lives under .dev/ in the repository; run it again at will.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
dev="$root/.dev"
mkdir -p "$dev"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
pg_env=$(ops/dev/pg.sh start)
eval "$pg_env"

echo "== building lsats-run"
dotnet publish src/LsatsHub.Runner -c Release -o "$dev/bin" --nologo -v quiet >/dev/null
run() { "$dev/bin/lsats-run" --env-file "$dev/lsats.env" "$@"; }

database=lsats_demo
psql "$LSATS_TEST_DATABASE_URL" -qAtc "SELECT 1 FROM pg_database WHERE datname = '$database'" | grep -q 1 \
  || psql "$LSATS_TEST_DATABASE_URL" -qc "CREATE DATABASE $database"

cat > "$dev/lsats.env" <<ENV
DATABASE_URL=postgresql://lsats_test@127.0.0.1:${LSATS_PG_PORT:-55432}/$database
LSATS_SNAPSHOT_DIR=$dev/snapshots
LSATS_LOG_DIR=$dev/logs
LSATS_PG_BINDIR=$LSATS_PG_BINDIR
ENV

if [ -x "$dev/bin/lsats-run" ] && run db --help >/dev/null 2>&1; then
  echo "== initialising the warehouse"
  run db init
else
  psql "postgresql://lsats_test@127.0.0.1:${LSATS_PG_PORT:-55432}/$database" -q -v ON_ERROR_STOP=1 -f sql/production_init.sql
fi

echo "== the plan"
run plan
echo "== running the whole DAG"
run run --trigger demo
echo "== history"
run history --last 3
