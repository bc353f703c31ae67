#!/usr/bin/env bash
# Daemons the tests need besides PostgreSQL (pg.sh): today OpenLDAP slapd, installed with apt-get when missing, and
# python3-ldap3 (a client no one here wrote, used by ops/dev/ldap3-check.py and its test), installed when root.
#   ops/dev/services.sh start   install what is missing, start a shared slapd (empty AD and MCommunity trees), print `export` lines
#   ops/dev/services.sh stop    stop what start started
# Idempotent and callable from any folder. Test fixtures load their own worlds into private slapd instances
# (LsatsHub.Simulator.Ldap.SlapdServer, same ldap.sh); the HTTP simulators are started in-process by the tests.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

case "${1:-}" in
  start)
    if ! /usr/bin/python3 -c "import ldap3" 2>/dev/null && [ "$(id -u)" -eq 0 ]; then
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-ldap3 >&2 \
        || { apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-ldap3 >&2; } || true
    fi
    "$here/ldap.sh" start
    echo "export LSATS_LDAP_SCRIPT=$here/ldap.sh"
    ;;
  stop)
    "$here/ldap.sh" stop || true
    ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
