#!/usr/bin/env bash
# Two OpenLDAP slapd servers standing in for Active Directory and MCommunity (different servers in reality: the domain
# controllers and ldap.umich.edu), unprivileged, on loopback, plain LDAP and LDAPS each.
#   ops/dev/ldap.sh start               install slapd if missing, start both (empty databases unless loaded), print `export` lines
#   ops/dev/ldap.sh load AD.ldif MC.ldif  replace both databases with these LDIF files (slapadd, both at once; a database
#                                        that already holds that very file, unmodified since, is kept), then start
#   ops/dev/ldap.sh stop                stop both
#   ops/dev/ldap.sh env                 print the `export` lines only
# Settings: LSATS_LDAP_PORT (10389) and LSATS_LDAPS_PORT (10636) for AD, LSATS_MCOMMUNITY_LDAP_PORT (AD's + 2, so two
# instances on neighbouring ports do not collide) and LSATS_MCOMMUNITY_LDAPS_PORT (AD's + 2) for MCommunity, LSATS_LDAP_DIR (${TMPDIR:-/tmp}/lsats-ldap-$LSATS_LDAP_PORT),
# LSATS_MCOMMUNITY_SIZE_LIMIT (350), LSATS_LDAP_STOP_TIMEOUT (30: seconds `stop` waits after SIGTERM before SIGKILL),
# LSATS_LDAP_AD_DEBUG (unset: AD's slapd runs as a daemon; a slapd -d level, e.g. 32: it logs that level to DIR/ad.debug).
# A self-signed certificate for 127.0.0.1/localhost is made on first start; clients trust it through LSATS_LDAP_CA_DIR (rehashed folder) or LSATS_LDAP_CA_CERT (PEM, e.g. LDAPTLS_CACERT).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
port=${LSATS_LDAP_PORT:-10389}
tls_port=${LSATS_LDAPS_PORT:-10636}
dir=${LSATS_LDAP_DIR:-${TMPDIR:-/tmp}/lsats-ldap-$port}
mcom_port=${LSATS_MCOMMUNITY_LDAP_PORT:-$((port + 2))}
mcom_tls_port=${LSATS_MCOMMUNITY_LDAPS_PORT:-$((tls_port + 2))}
mcom_limit=${LSATS_MCOMMUNITY_SIZE_LIMIT:-350}
slapd=/usr/sbin/slapd

log() { echo "ldap.sh: $*" >&2; }

ensure_installed() {
  [ -x "$slapd" ] && command -v slapadd >/dev/null 2>&1 && command -v ldapsearch >/dev/null 2>&1 && return 0
  [ "$(id -u)" -eq 0 ] || { log "slapd is not installed and this is not root: apt-get install slapd ldap-utils"; exit 1; }
  log "installing slapd and ldap-utils with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  # The package must not configure its own server: this script runs its own.
  echo "slapd slapd/no_configuration boolean true" | debconf-set-selections
  apt-get install -y -qq slapd ldap-utils >&2 || { apt-get update -qq >&2 && apt-get install -y -qq slapd ldap-utils >&2; }
  # Debian starts nothing (no configuration), but make sure no system slapd holds our files.
}

prepare() {
  ensure_installed
  mkdir -p "$dir/ad" "$dir/mcommunity" "$dir/tls/ca"
  if [ ! -f "$dir/tls/server.crt" ]; then
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=localhost" \
      -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
      -keyout "$dir/tls/server.key" -out "$dir/tls/server.crt" >/dev/null 2>&1
    chmod 600 "$dir/tls/server.key"
    cp "$dir/tls/server.crt" "$dir/tls/ca/lsats-ldap.pem"
    openssl rehash "$dir/tls/ca" >/dev/null 2>&1 || c_rehash "$dir/tls/ca" >/dev/null 2>&1 || true
  fi
  [ -f "$dir/rootdse.ldif" ] || root_dse 0
  [ -f "$dir/rootpw" ] || { openssl rand -hex 16 > "$dir/rootpw"; chmod 600 "$dir/rootpw"; }
  local name
  for name in ad mcommunity; do
    sed -e "s|@SYSTEM_SCHEMA@|/etc/ldap/schema|g" -e "s|@LSATS_SCHEMA@|$here/ldap|g" -e "s|@DIR@|$dir|g" -e "s|@NAME@|$name|g" \
        -e "s|@ROOTPW@|$(cat "$dir/rootpw")|g" -e "s|@MCOM_LIMIT@|$mcom_limit|g" "$here/ldap/slapd-$name.conf.template" > "$dir/slapd-$name.conf"
    chmod 600 "$dir/slapd-$name.conf"
  done
}

# The root DSE attributes a domain controller offers for USN-based incremental reads: the highest USN committed (here
# the highest uSNChanged in the loaded AD data) and the DC the USNs belong to.
root_dse() {
  printf 'dn:\nhighestCommittedUSN: %s\ndsServiceName: %s\n' "$1" \
    "CN=NTDS Settings,CN=SIMDC01,CN=Servers,CN=Default-First-Site-Name,CN=Sites,CN=Configuration,DC=adsroot,DC=itcs,DC=umich,DC=edu" \
    > "$dir/rootdse.ldif"
}

running() { [ -f "$dir/$1.pid" ] && kill -0 "$(cat "$dir/$1.pid")" 2>/dev/null; }

# The pids of this folder's slapd processes for the names matching $1 (a regex: ad, mcommunity, (ad|mcommunity)),
# found by their exact configuration path, so no other slapd on the machine is matched and none without a pid file is missed.
slapd_pids() { pgrep -f -- "^$slapd -f ${dir//./\\.}/slapd-$1\\.conf " || true; }

print_env() {
  echo "export LSATS_LDAP_URL=ldap://127.0.0.1:$port"
  echo "export LSATS_LDAPS_URL=ldaps://127.0.0.1:$tls_port"
  echo "export LSATS_LDAP_PORT=$port"
  echo "export LSATS_LDAPS_PORT=$tls_port"
  echo "export LSATS_MCOMMUNITY_LDAP_URL=ldap://127.0.0.1:$mcom_port"
  echo "export LSATS_MCOMMUNITY_LDAPS_URL=ldaps://127.0.0.1:$mcom_tls_port"
  echo "export LSATS_MCOMMUNITY_LDAP_PORT=$mcom_port"
  echo "export LSATS_MCOMMUNITY_LDAPS_PORT=$mcom_tls_port"
  echo "export LSATS_LDAP_DIR=$dir"
  echo "export LSATS_LDAP_CA_DIR=$dir/tls/ca"
  echo "export LSATS_LDAP_CA_CERT=$dir/tls/ca/lsats-ldap.pem"
}

start_one() {
  local name=$1 plain=$2 tls=$3
  local debug=""; [ "$name" = ad ] && debug=${LSATS_LDAP_AD_DEBUG:-}
  if ! running "$name" && [ -n "$debug" ]; then
    # slapd -d stays in the foreground: run it in the background, its debug output (e.g. 32, filter: candidates per
    # search and each entry tested) in $dir/ad.debug; stdin and stdout detached so the caller's pipes can close.
    "$slapd" -d "$debug" -f "$dir/slapd-$name.conf" -h "ldap://127.0.0.1:$plain/ ldaps://127.0.0.1:$tls/" </dev/null >"$dir/$name.debug" 2>&1 &
    for _ in $(seq 1 100); do
      ldapsearch -x -H "ldap://127.0.0.1:$plain" -s base -b "" -LLL namingContexts >/dev/null 2>&1 && break
      sleep 0.1
    done
    running "$name" || { tail -20 "$dir/$name.debug" >&2; log "slapd ($name, -d $debug) did not start"; exit 1; }
  fi
  if ! running "$name"; then
    # Once more after a second: on a busy machine another process may briefly hold a port the caller found free, and a
    # slapd that detached and then died while opening its database (its error goes to syslog) gets a second chance.
    local attempt
    for attempt in 1 2; do
      if "$slapd" -f "$dir/slapd-$name.conf" -h "ldap://127.0.0.1:$plain/ ldaps://127.0.0.1:$tls/" >"$dir/$name.log" 2>&1; then
        wait_ready "$name" "$plain" && return 0
        cat "$dir/$name.log" >&2
        log "slapd ($name) exited or did not answer within 30 s (attempt $attempt)"
      else
        cat "$dir/$name.log" >&2
        log "slapd ($name) did not start (ports $plain/$tls busy?) (attempt $attempt)"
      fi
      stop_stray "$name"
      sleep 1
    done
    exit 1
  fi
}

# Waits until slapd answers on its plain port, for as long as it is alive (at most 30 s): a loaded machine (parallel
# tests loading other directories) can take seconds to open a database, which is not the same as dying.
wait_ready() {
  local name=$1 plain=$2
  for _ in $(seq 1 300); do
    ldapsearch -x -H "ldap://127.0.0.1:$plain" -s base -b "" -LLL namingContexts >/dev/null 2>&1 && running "$name" && return 0
    [ -n "$(slapd_pids "$name")" ] || return 1
    sleep 0.1
  done
  return 1
}

# A slapd of this folder and name that did not come up (still starting or hung) must not hold the ports of the retry.
stop_stray() {
  local pid
  for pid in $(slapd_pids "$1"); do
    kill -KILL "$pid" 2>/dev/null || true
  done
  rm -f "$dir/$1.pid"
}

start() {
  prepare
  start_one ad "$port" "$tls_port"
  start_one mcommunity "$mcom_port" "$mcom_tls_port"
  log "AD on ldap://127.0.0.1:$port and ldaps://127.0.0.1:$tls_port, MCommunity on ldap://127.0.0.1:$mcom_port and ldaps://127.0.0.1:$mcom_tls_port (data in $dir)"
  print_env
}

# Stops both servers at once and waits until both have exited: SIGTERM, then, after LSATS_LDAP_STOP_TIMEOUT seconds
# (default 30), SIGKILL (back-mdb is crash-safe; a slapd that hangs or was frozen must not outlive its caller). Each pid
# is read before anything is signalled, so a caller that deletes the folder right after this returns finds nothing left.
stop() {
  local name pid pids=() alive=() grace=${LSATS_LDAP_STOP_TIMEOUT:-30}
  # slapd.pid: a slapd started by an earlier version of this script (one server for both).
  for name in ad mcommunity slapd; do
    running "$name" && pids+=("$(cat "$dir/$name.pid")")
  done
  # Also any slapd of this folder without a (readable) pid file, e.g. one whose start was interrupted: matched by its
  # exact configuration path, so no other slapd on the machine is touched.
  for pid in $(slapd_pids "(ad|mcommunity)"); do
    [[ " ${pids[*]} " == *" $pid "* ]] || pids+=("$pid")
  done
  [ "${#pids[@]}" -gt 0 ] || return 0
  kill "${pids[@]}" 2>/dev/null || true
  for _ in $(seq 1 $((grace * 10))); do
    alive=()
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive+=("$pid"); done
    [ "${#alive[@]}" -gt 0 ] || return 0
    sleep 0.1
  done
  for pid in "${pids[@]}"; do
    kill -0 "$pid" 2>/dev/null || continue
    log "slapd (pid $pid, data in $dir) did not stop within ${grace} s of SIGTERM; killing it"
    kill -KILL "$pid" 2>/dev/null || true
  done
  for _ in $(seq 1 100); do
    alive=()
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive+=("$pid"); done
    [ "${#alive[@]}" -gt 0 ] || return 0
    sleep 0.1
  done
  log "slapd (pids ${alive[*]}) still running after SIGKILL"
  return 1
}

# What a database was loaded from: the LDIF (path, inode, size, modification time to the nanosecond), the rendered
# configuration, the schema files and this script (its slapadd options) (indexes and attribute types decide the database's bytes).
source_stamp() {
  local name=$1 ldif=$2
  { stat -L -c '%n %i %s %.9Y' "$(realpath "$ldif")"; cat "$dir/slapd-$name.conf" "$here"/ldap/*.schema "$here/ldap.sh" | md5sum; } | tr '\n' ' '
}

# The database file as it is now: slapd writes data.mdb only when an entry changes, so a database that a test (or
# anyone) modified after it was loaded no longer matches the stamp written right after the load.
database_stamp() { stat -c '%s %.9Y' "$dir/$1/data.mdb" 2>/dev/null || echo none; }

# Bulk-loads one database with slapadd, unless it already holds exactly this LDIF, unmodified since (a serve of the
# same generated world then starts in seconds instead of re-loading ~1.2 GB of LDIF at university scale).
load_one() {
  local name=$1 suffix=$2 ldif=$3 stamp
  stamp="$(source_stamp "$name" "$ldif")"
  if [ -f "$dir/$name.loaded" ] && [ "$(cat "$dir/$name.loaded")" = "$stamp$(database_stamp "$name")" ]; then
    log "$name: the database already holds $ldif (unchanged since loaded); not loading it again"
    return 0
  fi
  rm -rf "$dir/$name" "$dir/$name.loaded"
  mkdir -p "$dir/$name"
  # -q: no consistency checks or per-entry sync (the LDIF is ours and a failed load is simply redone).
  # -s (AD): AD keeps AD attributes on organizationalUnit entries, which strict schema checking would refuse.
  # -w (MCommunity, which runs syncprov): the suffix's contextCSN becomes the highest entryCSN of the LDIF, whose entries
  # carry the world's own timestamps, so a reader's modifyTimestamp high-water mark is in the same time as the entries.
  # MCommunity is loaded with schema checks, which also record each entry's structuralObjectClass (a later modify,
  # e.g. a test's, needs it).
  local options=(-s); [ "$name" = mcommunity ] && options=(-w)
  slapadd -q "${options[@]}" -f "$dir/slapd-$name.conf" -b "$suffix" -l "$ldif" >&2
  echo "$stamp$(database_stamp "$name")" > "$dir/$name.loaded"
}

load() {
  local ad=${1:?usage: ldap.sh load AD.ldif MCOMMUNITY.ldif} mcom=${2:?usage: ldap.sh load AD.ldif MCOMMUNITY.ldif}
  [ -f "$ad" ] || { log "no such file: $ad"; exit 1; }
  [ -f "$mcom" ] || { log "no such file: $mcom"; exit 1; }
  prepare
  stop
  # The two databases are independent: load them side by side (one core each), which at university scale halves the
  # wait. The root DSE's highestCommittedUSN comes from the AD LDIF, so it is rewritten only when AD is reloaded.
  local ad_pid mcom_pid failed=0
  ( if [ "$(cat "$dir/ad.loaded" 2>/dev/null)" != "$(source_stamp ad "$ad")$(database_stamp ad)" ]; then
      root_dse "$(awk '/^uSNChanged: /{ if ($2 + 0 > m) m = $2 + 0 } END { printf "%d", m + 0 }' "$ad")"
    fi
    load_one ad "dc=adsroot,dc=itcs,dc=umich,dc=edu" "$ad" ) &
  ad_pid=$!
  load_one mcommunity "dc=umich,dc=edu" "$mcom" &
  mcom_pid=$!
  wait "$ad_pid" || { log "slapadd of $ad failed"; failed=1; }
  wait "$mcom_pid" || { log "slapadd of $mcom failed"; failed=1; }
  [ "$failed" -eq 0 ] || exit 1
  start
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  load) shift; load "$@" ;;
  env) print_env ;;
  *) echo "usage: $0 start|stop|load AD.ldif MCOMMUNITY.ldif|env" >&2; exit 2 ;;
esac
