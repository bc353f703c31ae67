#!/usr/bin/env bash
# The main job on the built-in synthetic university, from a fresh machine:
# PostgreSQL on loopback (installed if missing), the source simulators (TDX, UMich API, slapd for
# AD and MCommunity, document drops) on a generated world, a warehouse database built by
# `lsats-run db init`, then the whole DAG and its history.
# Everything lives under .dev/ in the repository; run it again at will (each run is incremental).
#   DEMO_SCALE (0.002)  DEMO_SEED (42)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
dev="$root/.dev"
mkdir -p "$dev"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

pg_env=$(ops/dev/pg.sh start)
eval "$pg_env"

echo "== building lsats-run and lsats-sim"
dotnet publish src/LsatsHub.Runner -c Release -o "$dev/bin" --nologo -v quiet >/dev/null
dotnet publish src/LsatsHub.Simulator -c Release -o "$dev/sim" --nologo -v quiet >/dev/null

database=lsats_demo
psql "$LSATS_TEST_DATABASE_URL" -qAtc "SELECT 1 FROM pg_database WHERE datname = '$database'" | grep -q 1 \
  || psql "$LSATS_TEST_DATABASE_URL" -qc "CREATE DATABASE $database"

echo "== starting the simulated university (scale ${DEMO_SCALE:-0.002}, seed ${DEMO_SEED:-42})"
world="$dev/world"
rm -f "$world/.env"
"$dev/sim/lsats-sim" serve --out "$world" --scale "${DEMO_SCALE:-0.002}" --seed "${DEMO_SEED:-42}" --no-rate-limit \
  --database-url "postgresql://lsats_test@127.0.0.1:${LSATS_PG_PORT:-55432}/$database" > "$dev/sim.log" 2>&1 &
sim=$!
trap 'kill $sim 2>/dev/null; wait $sim 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  [ -f "$world/.env" ] && break
  kill -0 $sim 2>/dev/null || { cat "$dev/sim.log" >&2; exit 1; }
  sleep 1
done
[ -f "$world/.env" ] || { echo "the simulators did not come up in 120 s; see $dev/sim.log" >&2; exit 1; }
cat "$dev/sim.log"

# The simulator's .env names the sources; these settings are the runner's own.
export LSATS_SNAPSHOT_DIR="$dev/snapshots" LSATS_LOG_DIR="$dev/logs"
run() { "$dev/bin/lsats-run" --env-file "$world/.env" "$@"; }

echo "== initialising the warehouse"
run db init
echo "== the plan"
run plan
echo "== running the whole DAG"
status=0
run run --trigger demo || status=$?
echo "== history"
run history --last 3
exit $status
