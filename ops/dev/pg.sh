#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on loopback for development and tests.
#   ops/dev/pg.sh start   install PostgreSQL if missing, start the cluster, print `export` lines
#   ops/dev/pg.sh stop    stop it
#   ops/dev/pg.sh env     print the `export` lines only
# Settings: LSATS_PG_PORT (55432), LSATS_PG_DIR (${TMPDIR:-/tmp}/lsats-pg-$LSATS_PG_PORT).
# The cluster trusts loopback and runs with fsync off: it is for tests, never for data you keep.
set -euo pipefail

port=${LSATS_PG_PORT:-55432}
dir=${LSATS_PG_DIR:-${TMPDIR:-/tmp}/lsats-pg-$port}
role=lsats_test

log() { echo "pg.sh: $*" >&2; }

find_bindir() {
  local candidate
  for candidate in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$candidate/initdb" ] && { echo "$candidate"; return 0; }
  done
  return 1
}

ensure_installed() {
  if find_bindir >/dev/null; then return 0; fi
  [ "$(id -u)" -eq 0 ] || { log "PostgreSQL is not installed and this is not root: apt-get install postgresql"; exit 1; }
  log "installing PostgreSQL with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  # The package's own default cluster is not wanted: this script makes its own.
  mkdir -p /etc/postgresql-common/createcluster.d
  echo "create_main_cluster = false" > /etc/postgresql-common/createcluster.d/lsats-no-main.conf
  apt-get install -y -qq postgresql postgresql-contrib >&2
}

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

print_env() {
  echo "export LSATS_TEST_DATABASE_URL=postgresql://$role@127.0.0.1:$port/postgres"
  echo "export LSATS_PG_BINDIR=$(find_bindir)"
}

start() {
  ensure_installed
  local bindir; bindir=$(find_bindir)
  mkdir -p "$dir"
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres:postgres "$dir"
    runuser -u postgres -- test -w "$dir" \
      || { log "the postgres user cannot write $dir (is a parent folder private?): choose LSATS_PG_DIR elsewhere"; exit 1; }
  fi
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    as_owner "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --no-locale >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
  fi
  if ! as_owner "$bindir/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
    as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" >&2 \
      || { tail -n 30 "$dir/server.log" >&2; exit 1; }
  fi
  "$bindir/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -qAt >&2 <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$role') THEN
    CREATE ROLE $role LOGIN SUPERUSER;
  END IF;
END \$\$;
SQL
  log "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') listening on 127.0.0.1:$port (data in $dir)"
  print_env
}

stop() {
  local bindir; bindir=$(find_bindir) || exit 0
  [ -f "$dir/data/PG_VERSION" ] || exit 0
  as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || true
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  env) print_env ;;
  *) echo "usage: $0 start|stop|env" >&2; exit 2 ;;
esac
