#!/usr/bin/env bash
# Runs every test against real services: starts (and installs if missing) PostgreSQL on loopback,
# then `dotnet test` on the solution, and prints the closing line "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/../.."

# Assign first: a failing start must stop the script (an eval of nothing would not).
pg_env=$(ops/dev/pg.sh start)
eval "$pg_env"
if [ -x ops/dev/services.sh ]; then
  services_env=$(ops/dev/services.sh start)
  eval "$services_env"
fi

command -v dot >/dev/null 2>&1 || { [ "$(id -u)" -eq 0 ] && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq graphviz >&2 || true; }

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
