#!/usr/bin/env bash
# LSATS Hub installer: the deployment plan's phases 1–6 on a fresh Ubuntu 24.04 / Debian 12 server.
#
#   sudo ops/install.sh                 install or bring up to date (re-running changes nothing)
#   sudo ops/install.sh --sandbox       also set up the sandbox tree (TDX sandbox URL, own env file)
#   ops/install.sh --dry-run            print every action, do nothing
#
# Phase 1  apt dependencies, the lsats system user, folders with their owners and modes
# Phase 3  env files (hub.conf, hub_sandbox.conf) and .pgpass — generated passwords, never printed
# Phase 4  PostgreSQL roles and database, lsats-run db init, db migrate, db grant-readonly, tuning
# Phase 5  publish of lsats-run into /opt/lsats-hub/bin (the C# port has no venv)
# Phase 6  lsats-run db validate; systemd units and logrotate installed, timers enabled
# (Phase 2, "clone the repository", is this checkout; phase 7+ is 'lsats-run run'.)
#
# Options:
#   --dry-run            print the plan, change nothing
#   --sandbox            also install /opt/lsats-sandbox and /etc/lsats-hub/hub_sandbox.conf
#   --root DIR           install into DIR instead of / (a throwaway root for tests; systemctl works offline
#                        with --root, apt is skipped, commands run as the invoking user)
#   --no-apt             do not install packages
#   --publish-from DIR   copy an existing publish of lsats-run (e.g. a self-contained one built elsewhere)
#                        instead of running dotnet publish
#   --self-contained     publish self-contained for linux-x64 (no .NET runtime needed on the server)
#   --no-enable          install the units but do not enable or start the timers
# Environment (defaults in brackets): LSATS_DB_HOST [localhost], LSATS_DB_PORT [5432], LSATS_DB_NAME [lsats_db],
#   LSATS_APP_ROLE [lsats_user], LSATS_READONLY_ROLE [lsats_readonly], LSATS_PG_ADMIN_URL [none: psql as the
#   postgres OS user over the local socket], LSATS_PG_BINDIR [the newest /usr/lib/postgresql/*/bin].
set -euo pipefail

source_dir=$(cd "$(dirname "$0")/.." && pwd)
dry_run=false sandbox=false root="" use_apt=true publish_from="" self_contained=false enable_units=true
while [ $# -gt 0 ]; do
  case "$1" in
    --dry-run) dry_run=true ;;
    --sandbox) sandbox=true ;;
    --root) root=$(cd "${2:?--root needs a folder}" && pwd); shift ;;
    --no-apt) use_apt=false ;;
    --publish-from) publish_from=$(cd "${2:?--publish-from needs a folder}" && pwd); shift ;;
    --self-contained) self_contained=true ;;
    --no-enable) enable_units=false ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "install.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done
[ -n "$root" ] && use_apt=false

db_host=${LSATS_DB_HOST:-localhost}
db_port=${LSATS_DB_PORT:-5432}
db_name=${LSATS_DB_NAME:-lsats_db}
app_role=${LSATS_APP_ROLE:-lsats_user}
readonly_role=${LSATS_READONLY_ROLE:-lsats_readonly}
for identifier in "$db_name" "$app_role" "$readonly_role"; do
  [[ "$identifier" =~ ^[a-z_][a-z0-9_]{0,62}$ ]] || { echo "install.sh: '$identifier' is not a plain PostgreSQL name ([a-z_][a-z0-9_]*)" >&2; exit 2; }
done

prefix=/opt/lsats-hub
sandbox_prefix=/opt/lsats-sandbox
conf_dir=/etc/lsats-hub
data_dir=/var/lib/lsats
pgpass=$data_dir/.pgpass
service_user=lsats
apt_packages=(postgresql postgresql-contrib postgresql-client logrotate ca-certificates)

changes=0
say() { printf '%-8s %s\n' "$1" "$2"; }

# step DESCRIPTION CHECK_FUNCTION DO_FUNCTION [ARGS...]: ok when CHECK passes, else DO; dry-run only prints.
step() {
  local description=$1 check=$2 action=$3; shift 3
  if $dry_run; then say "would" "$description"; return 0; fi
  if "$check" "$@"; then say "ok" "$description"; return 0; fi
  "$action" "$@"
  say "changed" "$description"
  changes=$((changes + 1))
}

# Paths inside the install root.
at() { printf '%s%s' "$root" "$1"; }

as_service_user() {
  # Inside a throwaway root the user exists only in that root's passwd: run as the invoking user.
  if [ -z "$root" ] && [ "$(id -u)" -eq 0 ]; then runuser -u "$service_user" -- "$@"; else "$@"; fi
}

numeric_id() { # numeric_id passwd|group NAME
  awk -F: -v name="$2" '$1 == name { print $3; found = 1 } END { exit !found }' "$(at "/etc/$1")"
}

# ---------------------------------------------------------------------------------------------- Phase 1

have_packages() {
  local package
  for package in "${apt_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || return 1
  done
}
install_packages() {
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${apt_packages[@]}"
}

need_dotnet_runtime() {
  # A self-contained publish brings its own runtime.
  ! $self_contained && { [ -z "$publish_from" ] || [ ! -e "$publish_from/libcoreclr.so" ]; }
}
have_dotnet_runtime() { command -v dotnet >/dev/null 2>&1 && dotnet --list-runtimes 2>/dev/null | grep -q '^Microsoft.NETCore.App 10\.'; }
install_dotnet_runtime() {
  apt-get install -y -qq dotnet-runtime-10.0 || {
    echo "install.sh: dotnet-runtime-10.0 is not in the configured apt sources; add Microsoft's package feed" \
      "(https://learn.microsoft.com/dotnet/core/install/linux) or re-run with --self-contained" >&2
    exit 1
  }
}

user_exists() { numeric_id passwd "$service_user" >/dev/null 2>&1; }
create_user() {
  local where=()
  [ -n "$root" ] && where=(--prefix "$root")
  useradd "${where[@]}" --system --user-group --home-dir "$data_dir" --no-create-home \
    --shell /usr/sbin/nologin --comment "LSATS Hub service account" "$service_user"
}

# dir_is PATH OWNER GROUP MODE
dir_is() {
  local path; path=$(at "$1")
  [ -d "$path" ] && [ "$(stat -c '%u:%g %a' "$path")" = "$(owner_ids "$2" "$3") $4" ]
}
make_dir() {
  local path; path=$(at "$1")
  mkdir -p "$path"
  chown "$(owner_ids "$2" "$3")" "$path"
  chmod "$4" "$path"
}
owner_ids() { printf '%s:%s' "$(numeric_id passwd "$1")" "$(numeric_id group "$2")"; }

# ------------------------------------------------------------------------------------ Phase 3: secrets

generate_password() { head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 32; }

# The password of ROLE from .pgpass, or nothing.
pgpass_password() {
  local file; file=$(at "$pgpass")
  [ -f "$file" ] && awk -F: -v role="$1" -v db="$db_name" '$3 == db && $4 == role { print $5; exit }' "$file" || true
}

app_password="" readonly_password=""
load_or_generate_passwords() {
  app_password=$(pgpass_password "$app_role")
  readonly_password=$(pgpass_password "$readonly_role")
  app_password_is_new=false readonly_password_is_new=false
  [ -n "$app_password" ] || { app_password=$(generate_password); app_password_is_new=true; }
  [ -n "$readonly_password" ] || { readonly_password=$(generate_password); readonly_password_is_new=true; }
}

pgpass_content() {
  printf '# host:port:database:user:password — read by lsats-run (Npgsql) and pg_dump/pg_restore through PGPASSFILE\n'
  printf '*:%s:%s:%s:%s\n' "$db_port" "$db_name" "$app_role" "$app_password"
  printf '*:%s:%s:%s:%s\n' "$db_port" "$db_name" "$readonly_role" "$readonly_password"
}

# file_is PATH OWNER GROUP MODE CONTENT_FUNCTION: the file exists with these owners, mode and content.
file_is() {
  local path; path=$(at "$1")
  [ -f "$path" ] && [ "$(stat -c '%u:%g %a' "$path")" = "$(owner_ids "$2" "$3") $4" ] && cmp -s "$path" <("$5")
}
write_file() {
  local path; path=$(at "$1")
  local temporary="$path.install-tmp"
  (umask 077; "$5" > "$temporary")
  chown "$(owner_ids "$2" "$3")" "$temporary"
  chmod "$4" "$temporary"
  mv -f "$temporary" "$path"
}

# Env files are the operator's after the first run (TDX_*, UM_*, ...): write them once, then only check owner and mode.
env_file_present() { local path; path=$(at "$1"); [ -f "$path" ] && [ "$(stat -c '%u:%g %a' "$path")" = "$(owner_ids "$2" "$3") $4" ]; }
write_env_file() {
  local path; path=$(at "$1")
  if [ -f "$path" ]; then chown "$(owner_ids "$2" "$3")" "$path"; chmod "$4" "$path"; else write_file "$@"; fi
}

hub_conf() { env_file_body production "https://teamdynamix.umich.edu/TDWebApi/api" /var/log/lsats "$data_dir/data" /var/backups/lsats; }
hub_sandbox_conf() { env_file_body sandbox "https://teamdynamix.umich.edu/SBTDWebApi/api" /var/log/lsats/sandbox "$data_dir/sandbox/data" /var/backups/lsats/sandbox; }
env_file_body() {
  cat <<EOF
# LSATS Hub $1 settings: the EnvironmentFile of the lsats-* units, or lsats-run --env-file.
# The seed's variable names. No secrets here: the database password is in $pgpass (PGPASSFILE);
# TDX, UMich API and LDAP secrets go to /etc/credstore (systemd-creds encrypt --name=NAME - /etc/credstore/NAME).
DATABASE_URL=postgresql://$app_role@$db_host:$db_port/$db_name
PGPASSFILE=$pgpass
TDX_BASE_URL=$2
TDX_APP_ID=48
UM_BASE_URL=https://gw.api.it.umich.edu/um
UM_CATEGORY_ID=bf
AD_SERVER=adsroot.itcs.umich.edu
AD_PORT=636
MCOMMUNITY_LDAP_SERVER=ldap.umich.edu
MCOMMUNITY_LDAP_PORT=636
LSATS_DATA_FOLDER=$4
DATA_PATH=$4
LSATS_LOG_DIR=$3
LSATS_SNAPSHOT_DIR=$5
LSATS_BACKUP_DIR=$5
LSATS_BACKUP_RETENTION_DAYS=7
# LSATS_BACKUP_COPY_DIR=/mnt/backup-lsats
# LSATS_BACKUP_COPY_COMMAND=rclone copy "\$1" remote:lsats-backups/
LSATS_HEALTH_MAX_AGE=36h
# The ticket-queue daemon (lsats-queue-daemon.service; install.sh enables it once DAEMON_REPORT_ID is set).
# It writes to a production TDX only with LSATS_QUEUE_ALLOW_PRODUCTION=true; try the sandbox or --dry-run first.
# DAEMON_REPORT_ID=1344
DAEMON_INTERVAL=300
# LSATS_QUEUE_ALLOW_PRODUCTION=true
# Weekly sources need a longer threshold, e.g.: LSATS_HEALTH_MAX_AGE_ACTIVE_DIRECTORY=8d
LSATS_READONLY_ROLE=$readonly_role
LSATS_APP_ROLE=$app_role
EOF
  if [ -n "${pg_bindir:-}" ]; then printf 'LSATS_PG_BINDIR=%s\n' "$pg_bindir"; fi
}

# --------------------------------------------------------------------------------- Phase 4: PostgreSQL

pg_bindir=${LSATS_PG_BINDIR:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)}

# psql as the administrator: in the maintenance database, or in $in_database when set.
admin_psql() {
  local psql=psql database=${in_database:-}
  [ -n "$pg_bindir" ] && [ -x "$pg_bindir/psql" ] && psql=$pg_bindir/psql
  if [ -n "${LSATS_PG_ADMIN_URL:-}" ]; then
    local url=$LSATS_PG_ADMIN_URL
    [ -n "$database" ] && url="${url%%\?*}" && url="${url%/*}/$database"
    "$psql" "$url" -X -q -A -t -v ON_ERROR_STOP=1 "$@"
  else
    (cd / && runuser -u postgres -- "$psql" ${database:+-d "$database"} -X -q -A -t -v ON_ERROR_STOP=1 "$@")
  fi
}
admin_query() { admin_psql -c "$1"; }

role_ready() { # role_ready ROLE PASSWORD_IS_NEW
  [ "$(admin_query "SELECT count(*) FROM pg_roles WHERE rolname = '$1'")" = 1 ] && ! "$2"
}
# The password travels on psql's standard input, never its command line.
create_or_reset_role() { # create_or_reset_role ROLE PASSWORD_IS_NEW PASSWORD
  if [ "$(admin_query "SELECT count(*) FROM pg_roles WHERE rolname = '$1'")" = 1 ]; then
    printf "ALTER ROLE %s WITH LOGIN PASSWORD '%s';\n" "$1" "$3" | admin_psql
  else
    printf "CREATE ROLE %s WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '%s';\n" "$1" "$3" | admin_psql
  fi
}

database_exists() { [ "$(admin_query "SELECT count(*) FROM pg_database WHERE datname = '$db_name'")" = 1 ]; }
create_database() { admin_query "CREATE DATABASE $db_name OWNER $app_role ENCODING 'UTF8' TEMPLATE template0"; }

lsats_run() { # lsats_run ARGS...: the installed runner as the service user, with the production env file
  as_service_user env PGPASSFILE="$(at "$pgpass")" LSATS_LOG_DIR="$(at /var/log/lsats)" \
    "$(at "$prefix/bin/lsats-run")" --env-file "$(at "$conf_dir/hub.conf")" "$@"
}
warehouse_query() { in_database=$db_name admin_psql -c "$1" 2>/dev/null; }
schema_installed() { [ "$(warehouse_query "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'silver'")" -ge 28 ] 2>/dev/null; }
readonly_granted() {
  [ "$(warehouse_query "SELECT has_table_privilege('$readonly_role', 'silver.users', 'SELECT') AND has_schema_privilege('$readonly_role', 'meta', 'USAGE')")" = t ] 2>/dev/null
}
db_init() { lsats_run db init >/dev/null; }
# Every shipped sql/migrations file is recorded in meta.schema_migrations (a fresh db init records them all).
migrations_applied() {
  local file
  for file in "$(at "$prefix/bin/sql/migrations")"/*.sql; do
    [ -e "$file" ] || continue
    [ "$(warehouse_query "SELECT count(*) FROM meta.schema_migrations WHERE file_name = '$(basename "$file")'")" = 1 ] 2>/dev/null || return 1
  done
}
db_migrate() { lsats_run db migrate >/dev/null; }
db_grant() { lsats_run db grant-readonly >/dev/null; }

tuning_file() { printf '%s/conf.d/lsats-tuning.conf' "$(ls -d "$(at /etc/postgresql)"/*/main 2>/dev/null | sort -V | tail -n 1)"; }
tuning_content() {
  cat <<'EOF'
# LSATS Hub tuning for a 15 GB server (deployment plan §2.3); needs a PostgreSQL restart.
shared_buffers = 4GB
effective_cache_size = 11GB
work_mem = 64MB
maintenance_work_mem = 512MB
max_connections = 50
wal_buffers = 64MB
checkpoint_completion_target = 0.9
random_page_cost = 1.1
EOF
}
tuning_in_place() { [ -f "$(tuning_file)" ] && cmp -s "$(tuning_file)" <(tuning_content); }
write_tuning() {
  tuning_content > "$(tuning_file)"
  chmod 644 "$(tuning_file)"
  if [ -z "$root" ] && command -v systemctl >/dev/null 2>&1; then systemctl restart postgresql; fi
}

# ----------------------------------------------------------------------------------- Phase 5: publish

publish_staging=""
stage_publish() {
  [ -n "$publish_staging" ] && return 0
  publish_staging=$(mktemp -d)
  trap 'rm -rf "$publish_staging"' EXIT
  if [ -n "$publish_from" ]; then
    cp -a "$publish_from/." "$publish_staging/"
  else
    command -v dotnet >/dev/null 2>&1 || { echo "install.sh: no 'dotnet' SDK to publish lsats-run with; give --publish-from DIR" >&2; exit 1; }
    local runtime=()
    $self_contained && runtime=(-r linux-x64 --self-contained true)
    dotnet publish "$source_dir/src/LsatsHub.Runner/LsatsHub.Runner.csproj" -c Release "${runtime[@]}" -o "$publish_staging" --nologo -v quiet >&2
  fi
  [ -x "$publish_staging/lsats-run" ] || { echo "install.sh: the publish has no executable lsats-run" >&2; exit 1; }
}
published_at() { # published_at PREFIX: the bin folder holds exactly the publish
  stage_publish
  [ -d "$(at "$1/bin")" ] && diff -rq "$publish_staging" "$(at "$1/bin")" >/dev/null 2>&1
}
publish_to() {
  local bin; bin=$(at "$1/bin")
  rm -rf "$bin.install-new"
  cp -a "$publish_staging" "$bin.install-new"
  chown -R 0:0 "$bin.install-new"
  chmod -R u=rwX,go=rX "$bin.install-new"
  rm -rf "$bin"
  mv "$bin.install-new" "$bin"
}

# ------------------------------------------------------------------------ Phase 6: units, logrotate

units=(lsats-backup.service lsats-backup.timer lsats-pipeline.service lsats-pipeline.timer
       lsats-health.service lsats-health.timer lsats-queue-daemon.service)
timers=(lsats-backup.timer lsats-pipeline.timer lsats-health.timer)

copy_is() { [ -f "$(at "$2")" ] && cmp -s "$1" "$(at "$2")" && [ "$(stat -c '%u:%g %a' "$(at "$2")")" = "0:0 644" ]; }
copy_file() {
  install -D -m 644 -o 0 -g 0 "$1" "$(at "$2")"
  units_changed=true
}
units_changed=false

# The credential files a unit loads (its LoadCredential[Encrypted]=NAME:PATH lines) that do not exist yet.
missing_credentials() {
  local path
  for path in $(sed -n 's/^LoadCredential\(Encrypted\)\{0,1\}=[^:]*://p' "$source_dir/ops/systemd/$1"); do
    [ -e "$(at "$path")" ] || printf ' %s' "$path"
  done
}

systemctl_here() { if [ -n "$root" ]; then systemctl --root="$root" "$@"; else systemctl "$@"; fi; }
timer_enabled() { systemctl_here is-enabled --quiet "$1" 2>/dev/null; }
enable_timer() {
  if [ -z "$root" ]; then
    $units_changed && systemctl daemon-reload
    systemctl enable --now "$1"
  else
    systemctl_here enable "$1" >/dev/null 2>&1
  fi
}

# ------------------------------------------------------------------------------------------- the plan

echo "LSATS Hub install${root:+ into $root}: $($dry_run && echo 'dry run, nothing changes' || echo 'applying')"
[ "$(id -u)" -eq 0 ] || $dry_run || { echo "install.sh: run as root (sudo), or with --dry-run" >&2; exit 1; }

echo "== Phase 1: packages, user, folders"
if $use_apt; then
  step "apt: ${apt_packages[*]}" have_packages install_packages
  need_dotnet_runtime && step "apt: dotnet-runtime-10.0 (.NET 10 runtime for lsats-run)" have_dotnet_runtime install_dotnet_runtime
else
  say "skip" "apt packages (--no-apt or --root)"
fi
step "system user $service_user (home $data_dir, shell nologin)" user_exists create_user
folders=(
  "$prefix root root 755"
  "$conf_dir root $service_user 750"
  "$data_dir $service_user $service_user 750"
  "$data_dir/data $service_user $service_user 755"
  "/var/log/lsats $service_user $service_user 755"
  "/var/backups/lsats $service_user $service_user 750"
  "/etc/credstore root root 700"
  "/etc/systemd/system root root 755"
  "/etc/logrotate.d root root 755"
)
if $sandbox; then
  folders+=("$sandbox_prefix root root 755" "$data_dir/sandbox $service_user $service_user 750"
            "$data_dir/sandbox/data $service_user $service_user 755" "/var/log/lsats/sandbox $service_user $service_user 755"
            "/var/backups/lsats/sandbox $service_user $service_user 750")
fi
for folder in "${folders[@]}"; do
  # shellcheck disable=SC2086
  set -- $folder
  step "folder $1 ($2:$3 $4)" dir_is make_dir "$1" "$2" "$3" "$4"
done

echo "== Phase 3: env files and database passwords"
if $dry_run; then
  say "would" "generate passwords for $app_role and $readonly_role (kept in $pgpass if already there)"
else
  load_or_generate_passwords
fi
step "$pgpass ($service_user 600: passwords of $app_role and $readonly_role)" file_is write_file "$pgpass" "$service_user" "$service_user" 600 pgpass_content
step "$conf_dir/hub.conf (root:$service_user 640, production TDX)" env_file_present write_env_file "$conf_dir/hub.conf" root "$service_user" 640 hub_conf
$sandbox && step "$conf_dir/hub_sandbox.conf (root:$service_user 640, TDX sandbox)" env_file_present write_env_file "$conf_dir/hub_sandbox.conf" root "$service_user" 640 hub_sandbox_conf

echo "== Phase 5: lsats-run (published before phase 4, whose db init runs it)"
step "publish lsats-run to $prefix/bin" published_at publish_to "$prefix"
$sandbox && step "publish lsats-run to $sandbox_prefix/bin" published_at publish_to "$sandbox_prefix"

echo "== Phase 4: PostgreSQL"
step "role $app_role (LOGIN, NOSUPERUSER NOCREATEDB NOCREATEROLE)" role_ready create_or_reset_role "$app_role" "${app_password_is_new:-false}" "$app_password"
step "role $readonly_role (LOGIN, NOSUPERUSER NOCREATEDB NOCREATEROLE)" role_ready create_or_reset_role "$readonly_role" "${readonly_password_is_new:-false}" "$readonly_password"
step "database $db_name (owner $app_role, UTF8)" database_exists create_database
step "lsats-run db init (schemas, 28 silver tables, views)" schema_installed db_init
step "lsats-run db migrate (sql/migrations not yet applied)" migrations_applied db_migrate
step "lsats-run db grant-readonly ($readonly_role reads bronze, silver, meta)" readonly_granted db_grant
if $dry_run || [ -n "$(ls -d "$(at /etc/postgresql)"/*/main 2>/dev/null)" ]; then
  step "PostgreSQL tuning in conf.d/lsats-tuning.conf (restarts PostgreSQL when changed)" tuning_in_place write_tuning
else
  say "skip" "PostgreSQL tuning (no /etc/postgresql/*/main here)"
fi

echo "== Phase 6: validate, units, logrotate"
if $dry_run; then
  say "would" "lsats-run db validate"
else
  lsats_run db validate >/dev/null || { echo "install.sh: 'lsats-run db validate' failed; run it by hand to see the report" >&2; exit 1; }
  say "ok" "lsats-run db validate"
fi
for unit in "${units[@]}"; do
  step "unit /etc/systemd/system/$unit" copy_is copy_file "$source_dir/ops/systemd/$unit" "/etc/systemd/system/$unit"
done
step "/etc/logrotate.d/lsats" copy_is copy_file "$source_dir/ops/logrotate/lsats" /etc/logrotate.d/lsats
if $enable_units; then
  for timer in "${timers[@]}"; do
    missing=$(missing_credentials "${timer%.timer}.service")
    if [ -n "$missing" ] && ! $dry_run && ! timer_enabled "$timer"; then
      # A unit whose LoadCredentialEncrypted= file is missing cannot start: wait for the secrets.
      say "held" "$timer: missing$missing — create them, then re-run install.sh"
      continue
    fi
    step "enable $timer" timer_enabled enable_timer "$timer"
  done
else
  say "skip" "enabling timers (--no-enable)"
fi
# The ticket-queue daemon needs its report (DAEMON_REPORT_ID in hub.conf) and its TDX credentials before it can start;
# until then it is held, like a timer with missing credentials (docs/ticket-queue.md).
daemon_report_id() { sed -n 's/^DAEMON_REPORT_ID=\([0-9][0-9]*\)[[:space:]]*$/\1/p' "$(at "$conf_dir/hub.conf")" 2>/dev/null | tail -n 1; }
if $enable_units; then
  daemon=lsats-queue-daemon.service
  missing=$(missing_credentials "$daemon")
  if timer_enabled "$daemon"; then
    step "enable $daemon" timer_enabled enable_timer "$daemon"
  elif [ -z "$(daemon_report_id)" ]; then
    say "note" "$daemon is installed, not enabled: set DAEMON_REPORT_ID (the TDX report to work) in $conf_dir/hub.conf, then re-run install.sh"
  elif [ -n "$missing" ] && ! $dry_run; then
    say "held" "$daemon: missing$missing — create them, then re-run install.sh"
  else
    step "enable $daemon" timer_enabled enable_timer "$daemon"
  fi
fi
say "note" "secrets: systemd-creds encrypt --name=NAME - /etc/credstore/NAME for each LoadCredentialEncrypted= of the units"

if $dry_run; then
  echo "dry run: nothing changed"
else
  echo "done: $changes change(s)"
fi
