#!/usr/bin/env bash
# Figures of the simulated university at one scale: generate, serve start-up (slapadd of both directories, then again
# with the databases kept), a first bronze run and a no-change bronze run: wall and CPU time and peak memory of
# lsats-sim and lsats-run (/usr/bin/time -v), CPU time of both slapd servers, and per step its wall time, records and
# searches/calls (meta.ingestion_runs). The machine's load average is printed first: on a shared machine wall times
# grow with the load while CPU times do not.
#   ops/dev/scale-figures.sh [--scale S] [--exclude SELECTION] [--dir DIR] [--no-runs] [--keep]
#     --scale     world scale (default 0.1; 1.0 = the real university)
#     --exclude   passed to both bronze runs, e.g. 'bronze.mcommunity.users'
#     --dir       work folder (default .dev/scale-S); its world, logs and snapshots
#     --no-runs   stop after serve's start-ups (generate and start-up figures only)
#     --keep      keep the work folder's world if it was generated before (skips generate; serve then keeps the
#                 loaded directories too); without it the folder is emptied first
# It drops its database and stops its servers at the end; the work folder stays (remove it to free the disk).
# Uses its own database (lsats_scale_<S>) on $LSATS_TEST_DATABASE_URL's server and its own simulator ports and slapd
# (serve picks free ports), so it never touches shared services. Needs the Release build (dotnet build -c Release).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
scale=0.1 exclude="" dir="" runs=yes keep=no
while [ $# -gt 0 ]; do
  case "$1" in
    --scale) scale=$2; shift 2 ;;
    --exclude) exclude=$2; shift 2 ;;
    --dir) dir=$2; shift 2 ;;
    --no-runs) runs=no; shift ;;
    --keep) keep=yes; shift ;;
    *) echo "usage: $0 [--scale S] [--exclude SELECTION] [--dir DIR] [--no-runs] [--keep]" >&2; exit 2 ;;
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
[ "$keep" = yes ] && [ -f "$world/world.json" ] || { rm -rf "$dir" && mkdir -p "$dir"; }
export LSATS_SNAPSHOT_DIR="$dir/snapshots" LSATS_LOG_DIR="$dir/logs"

# "wall s, CPU s, peak MB" from a /usr/bin/time -v report.
figures() {
  awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i] }
              /User time|System time/ { c += $2 }
              /Maximum resident set size/ { m = $2 / 1024 }
              END { printf "%.1f s wall, %.1f s CPU, %.0f MB peak RSS", s, c, m }' "$1"
}
# CPU seconds both slapd servers of the world have used so far (utime + stime of each, from /proc).
slapd_cpu() {
  local total=0 pid f
  for f in "$world/ldap-server/slapd/ad.pid" "$world/ldap-server/slapd/mcommunity.pid"; do
    pid=$(cat "$f" 2>/dev/null) || continue
    total=$((total + $(awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null || echo 0)))
  done
  echo "scale=1; $total / $(getconf CLK_TCK)" | bc
}

echo "== scale $scale on $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "$keep" = yes ] && [ -f "$world/world.json" ]; then
  echo "generate: kept the world in $world"
else
  /usr/bin/time -v -o "$dir/generate.time" "$sim" generate --scale "$scale" --out "$world" 2> "$dir/generate.log"
  echo "generate: $(figures "$dir/generate.time")   ($sim generate --scale $scale --out $world)"
fi

psql "$LSATS_TEST_DATABASE_URL" -qc "DROP DATABASE IF EXISTS $database" -c "CREATE DATABASE $database" >/dev/null
base=${LSATS_TEST_DATABASE_URL%/*}
serve=""
# Starts lsats-sim serve on the world (its own free ports and slapd) and waits for its .env; $1 names the report files.
start_serve() {
  rm -f "$world/.env"
  local started ready
  started=$(date +%s.%N)
  /usr/bin/time -v -o "$dir/$1.time" "$sim" serve --out "$world" --no-rate-limit --database-url "$base/$database" > "$dir/$1.log" 2>&1 &
  serve=$!
  until grep -q '^wrote .*\.env' "$dir/$1.log" 2>/dev/null; do
    kill -0 "$serve" 2>/dev/null || { cat "$dir/$1.log" >&2; exit 1; }
    sleep 1
  done
  ready=$(date +%s.%N)
  echo "serve start-up ($1): $(echo "$ready - $started" | bc) s until .env was written; $(grep -h 'slapd loaded' "$dir/$1.log" | sed 's/^lsats-sim: //')"
}
stop_serve() {
  [ -n "$serve" ] || return 0
  kill -TERM $(pgrep -P "$serve") 2>/dev/null || true
  wait "$serve" 2>/dev/null || true
  serve=""
}
cleanup() { stop_serve; psql "$LSATS_TEST_DATABASE_URL" -qc "DROP DATABASE IF EXISTS $database" >/dev/null 2>&1 || true; }
trap cleanup EXIT
echo "== serve (reuses the generated files; slapadd loads both directories)"
start_serve serve
stop_serve
echo "lsats-sim serve (start-up): $(figures "$dir/serve.time")"
echo "== serve again (the loaded directories are kept)"
start_serve serve-again

# The world's .env names its own slapd's CA; variables already set (the shared dev services') would win over it.
unset LSATS_LDAP_CA_DIR LSATS_LDAP_CA_CERT LDAPTLS_CACERT
run() { "$runner" --env-file "$world/.env" "$@"; }
if [ "$runs" = no ]; then
  stop_serve
  echo "lsats-sim serve again (start-up): $(figures "$dir/serve-again.time")"
  exit 0
fi
run db init > "$dir/db-init.log"
bronze=(run --select 'layer:bronze')
[ -n "$exclude" ] && bronze+=(--exclude "$exclude")
steps="SELECT rpad(source_system || '/' || entity_type, 34) AS step, round(extract(epoch FROM completed_at - started_at)::numeric, 1) AS wall_s,
              records_processed AS records, records_created + records_updated AS written, metadata ->> 'api_calls' AS calls,
              coalesce(metadata ->> 'ingestion_type', '') AS fetch
       FROM meta.ingestion_runs WHERE started_at >= :'since' ORDER BY started_at"
for pass in first no-change; do
  echo "== bronze run: $pass"
  since=$(psql "$base/$database" -Atc "SELECT now()")
  before=$(slapd_cpu)
  /usr/bin/time -v -o "$dir/run-$pass.time" "$runner" --env-file "$world/.env" "${bronze[@]}" > "$dir/run-$pass.log" 2>&1 || echo "(the run failed: $dir/run-$pass.log)"
  echo "lsats-run ($pass): $(figures "$dir/run-$pass.time"); both slapd: $(echo "$(slapd_cpu) - $before" | bc) s CPU"
  psql "$base/$database" -v since="$since" -P footer=off <<< "$steps"
  grep -E '^step .* (succeeded|failed|skipped)' "$dir/run-$pass.log" || true
done
stop_serve
echo "lsats-sim serve again over its whole life (start-up and both runs): $(figures "$dir/serve-again.time")"
