#!/usr/bin/env bash
# Runs every test against real services: starts (and installs if missing) PostgreSQL on loopback and
# slapd, installs the other programs the tests call (as root), then `dotnet test` on the solution, and
# prints the closing line "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/../.."

# Assign first: a failing start must stop the script (an eval of nothing would not).
pg_env=$(ops/dev/pg.sh start)
eval "$pg_env"
if [ -x ops/dev/services.sh ]; then
  services_env=$(ops/dev/services.sh start)
  eval "$services_env"
fi

# The programs the tests call besides the services: graphviz's dot (graph --format svg), logrotate -d and
# systemd-analyze verify/calendar (the ops tests). As root, install whichever is missing, as demo.sh does;
# otherwise name them, since the tests that need them will fail.
missing=()
command -v dot >/dev/null 2>&1 || missing+=(graphviz)
command -v logrotate >/dev/null 2>&1 || missing+=(logrotate)
command -v systemd-analyze >/dev/null 2>&1 || missing+=(systemd)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "test.sh: installing ${missing[*]} with apt-get" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq "${missing[@]}" >&2
  else
    echo "test.sh: missing ${missing[*]} (not root, so not installed: sudo apt-get install ${missing[*]}); the tests that need them will fail" >&2
  fi
fi

log=$(mktemp)
set +e
dotnet test LsatsHub.sln --nologo -c Release "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# Each test assembly prints "Passed!  - Failed: 0, Passed: 12, Skipped: 0, Total: 12, ..." (or "Failed!").
awk -F'[:,]' '/(Passed|Failed)! +- Failed:/ {
    for (i = 1; i <= NF; i++) {
      if ($i ~ /Failed$/) failed += $(i + 1)
      if ($i ~ / Passed$/) passed += $(i + 1)
      if ($i ~ /Skipped$/) skipped += $(i + 1)
    }
  }
  END { printf "%d passed, %d failed%s\n", passed, failed, (skipped ? sprintf(", %d skipped", skipped) : "") }' "$log"
rm -f "$log"
exit $status
