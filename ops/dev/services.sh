#!/usr/bin/env bash
# Daemons the tests need besides PostgreSQL (pg.sh): today OpenLDAP slapd, installed with apt-get when missing.
#   ops/dev/services.sh start   install what is missing, start a shared slapd (empty AD and MCommunity trees), print `export` lines
#   ops/dev/services.sh stop    stop what start started
# Idempotent and callable from any folder. Test fixtures load their own worlds into private slapd instances
# (LsatsHub.Simulator.Ldap.SlapdServer, same ldap.sh); the HTTP simulators are started in-process by the tests.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

case "${1:-}" in
  start)
    "$here/ldap.sh" start
    echo "export LSATS_LDAP_SCRIPT=$here/ldap.sh"
    ;;
  stop)
    "$here/ldap.sh" stop || true
    ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
