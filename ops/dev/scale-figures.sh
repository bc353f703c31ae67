#!/usr/bin/env bash
# Figures of the simulated university at one scale: generate, serve start-up, a first bronze run and a no-change
# bronze run (wall time and peak memory of lsats-sim and lsats-run, per-step times from `lsats-run history`).
#   ops/dev/scale-figures.sh [--scale S] [--exclude SELECTION] [--dir DIR] [--no-runs]
#     --scale     world scale (default 0.1; 1.0 = the real university)
#     --exclude   passed to both bronze runs, e.g. 'bronze.mcommunity.users'
#     --dir       work folder (default .dev/scale-S); its world, logs and snapshots
#     --no-runs   stop after serve's start-up (generate and start-up figures only)
# Uses its own database (lsats_scale_<S>) on $LSATS_TEST_DATABASE_URL's server and its own simulator ports and slapd
# (serve picks free ports), so it never touches shared services. Needs the Release build (dotnet build -c Release).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
scale=0.1 exclude="" dir="" runs=yes
while [ $# -gt 0 ]; do
  case "$1" in
    --scale) scale=$2; shift 2 ;;
    --exclude) exclude=$2; shift 2 ;;
    --dir) dir=$2; shift 2 ;;
    --no-runs) runs=no; shift ;;
    *) echo "usage: $0 [--scale S] [--exclude SELECTION] [--dir DIR] [--no-runs]" >&2; exit 2 ;;
  esac
done
: "${LSATS_TEST_DATABASE_URL:?source the dev services first (LSATS_TEST_DATABASE_URL)}"
export LSATS_LDAP_SCRIPT=${LSATS_LDAP_SCRIPT:-$root/ops/dev/ldap.sh}
sim="$root/src/LsatsHub.Simulator/bin/Release/net10.0/lsats-sim"
runner="$root/src/LsatsHub.Runner/bin/Release/net10.0/lsats-run"
[ -x "$sim" ] && [ -x "$runner" ] || { echo "build first: dotnet build LsatsHub.sln -c Release" >&2; exit 2; }
dir=${dir:-$root/.dev/scale-$scale}
database="lsats_scale_${scale//./_}"
world="$dir/world"
rm -rf "$dir" && mkdir -p "$dir"
export LSATS_SNAPSHOT_DIR="$dir/snapshots" LSATS_LOG_DIR="$dir/logs"

# "wall s, peak MB" from a /usr/bin/time -v report.
figures() {
  awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i] }
              /Maximum resident set size/ { m = $2 / 1024 }
              END { printf "%.1f s wall, %.0f MB peak RSS", s, m }' "$1"
}

echo "== scale $scale: generate"
/usr/bin/time -v -o "$dir/generate.time" "$sim" generate --scale "$scale" --out "$world" 2> "$dir/generate.log"
echo "generate: $(figures "$dir/generate.time")   ($sim generate --scale $scale --out $world)"

psql "$LSATS_TEST_DATABASE_URL" -qc "DROP DATABASE IF EXISTS $database" -c "CREATE DATABASE $database" >/dev/null
base=${LSATS_TEST_DATABASE_URL%/*}
echo "== serve (reuses the generated folder)"
started=$(date +%s.%N)
/usr/bin/time -v -o "$dir/serve.time" "$sim" serve --out "$world" --no-rate-limit --database-url "$base/$database" > "$dir/serve.log" 2>&1 &
serve=$!
stop_serve() { kill -TERM $(pgrep -P "$serve") 2>/dev/null || true; wait "$serve" 2>/dev/null || true; }
trap stop_serve EXIT
until grep -q '^wrote .*\.env' "$dir/serve.log" 2>/dev/null; do
  kill -0 "$serve" 2>/dev/null || { cat "$dir/serve.log" >&2; exit 1; }
  sleep 1
done
ready=$(date +%s.%N)
echo "serve start-up: $(echo "$ready - $started" | bc) s until .env was written"

# The world's .env names its own slapd's CA; variables already set (the shared dev services') would win over it.
unset LSATS_LDAP_CA_DIR LSATS_LDAP_CA_CERT LDAPTLS_CACERT
run() { "$runner" --env-file "$world/.env" "$@"; }
if [ "$runs" = no ]; then
  stop_serve
  trap - EXIT
  echo "lsats-sim serve (start-up only): $(figures "$dir/serve.time")"
  exit 0
fi
run db init > "$dir/db-init.log"
bronze=(run --select 'layer:bronze')
[ -n "$exclude" ] && bronze+=(--exclude "$exclude")
for pass in first no-change; do
  echo "== bronze run: $pass"
  /usr/bin/time -v -o "$dir/run-$pass.time" "$runner" --env-file "$world/.env" "${bronze[@]}" > "$dir/run-$pass.log" 2>&1 || echo "(the run failed: $dir/run-$pass.log)"
  echo "lsats-run ($pass): $(figures "$dir/run-$pass.time")"
done
echo "== per step (lsats-run history)"
run history --last 2
stop_serve
trap - EXIT
echo "lsats-sim serve over its whole life (start-up and both runs): $(figures "$dir/serve.time")"
