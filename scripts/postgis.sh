#!/usr/bin/env bash
# A private PostgreSQL + PostGIS server for tests and comparisons (Debian's postgresql-15 and
# postgresql-15-postgis-3): its own cluster in a folder under /tmp, run by an unprivileged
# user, reachable only through a Unix socket in a private folder (no TCP port at all).
#
#   scripts/postgis.sh start   create the cluster if needed, start it if stopped, create the
#                              database with the postgis extension; print the environment
#   scripts/postgis.sh stop    stop the server (the cluster folder stays for the next start)
#   scripts/postgis.sh env     print the environment to reach it (also when it is stopped)
#   scripts/postgis.sh status  exit 0 when it answers, 3 when not
#
# Every command is idempotent. The environment is printed as shell assignments:
#   eval "$(scripts/postgis.sh start)"   then   psql -c 'select postgis_full_version()'
#
# Run as root, the server runs as the `postgres` user Debian creates (PostgreSQL refuses to
# run as root); run as anyone else, as that user. Local connections need no password: the
# socket folder is 0700 and owned by the server's user, so only that user (and root) can
# reach the socket at all. One role is the exception: `landctl_password` (LOGIN, no
# privileges) must give a password (scram-sha-256, a pg_hba.conf line above the others), so
# that the tests can check a right and a wrong password; it has none until a test sets one
# (ALTER ROLE landctl_password PASSWORD '…'), so nobody can log in as it before.
#
# Environment:
#   LANDCTL_PG_DIR   the cluster's folder (default /tmp/landctl-postgis): data/, socket/, server.log
#   LANDCTL_PG_PORT  the number in the socket's name, .s.PGSQL.<port> (default 5432; no TCP
#                    listener is opened whatever it is)
#   LANDCTL_PG_DB    the database (default landctl)
#   PG_BIN           the PostgreSQL programs (default: the newest /usr/lib/postgresql/*/bin)
set -euo pipefail

BASE="${LANDCTL_PG_DIR:-/tmp/landctl-postgis}"
PORT="${LANDCTL_PG_PORT:-5432}"
DB="${LANDCTL_PG_DB:-landctl}"
DATA="$BASE/data"
SOCKET="$BASE/socket"
LOG="$BASE/server.log"
PASSWORD_ROLE=landctl_password

die() { echo "postgis.sh: $*" >&2; exit 2; }

if [ "$(id -u)" -eq 0 ]; then
  OWNER=postgres
  id "$OWNER" >/dev/null 2>&1 || die "no user 'postgres' (apt-get install postgresql-15 creates it)"
else
  OWNER="$(id -un)"
fi

# Runs a command as the server's user.
as_owner() {
  if [ "$(id -un)" = "$OWNER" ]; then
    "$@"
  else
    runuser -u "$OWNER" -- "$@"
  fi
}

find_bin() {
  if [ -n "${PG_BIN:-}" ]; then echo "$PG_BIN"; return; fi
  local dir
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  [ -n "$dir" ] || die "PostgreSQL is not installed (apt-get install postgresql-15 postgresql-15-postgis-3)"
  echo "$dir"
}

print_env() {
  echo "export PGHOST='$SOCKET'"
  echo "export PGPORT='$PORT'"
  echo "export PGDATABASE='$DB'"
  echo "export PGUSER='$OWNER'"
}

# psql as the server's user on the private socket; extra arguments follow.
psql_owner() {
  as_owner "$BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$SOCKET" -p "$PORT" -U "$OWNER" "$@"
}

running() {
  [ -f "$DATA/PG_VERSION" ] && as_owner "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1
}

start() {
  BIN="$(find_bin)"
  # The folders: the base and the socket folder private to the server's user.
  if [ ! -d "$BASE" ]; then
    mkdir -p "$BASE"
    chmod 0700 "$BASE"
    [ "$(id -un)" = "$OWNER" ] || chown "$OWNER:" "$BASE"
  fi
  local base_owner
  base_owner="$(stat -c %U "$BASE")"
  [ "$base_owner" = "$OWNER" ] || die "$BASE belongs to $base_owner, not to $OWNER, who runs the server; remove it or set LANDCTL_PG_DIR"
  as_owner mkdir -p "$SOCKET"
  as_owner chmod 0700 "$SOCKET"

  if [ ! -f "$DATA/PG_VERSION" ]; then
    as_owner "$BIN/initdb" -D "$DATA" -U "$OWNER" --auth-local=trust --auth-host=reject \
        --encoding=UTF8 --locale=C.UTF-8 >"$BASE/initdb.log" 2>&1 ||
      die "initdb failed; see $BASE/initdb.log"
  fi
  if ! running; then
    # listen_addresses='' : no TCP socket; only the Unix socket in the private folder.
    as_owner "$BIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 \
        -o "-c listen_addresses='' -c unix_socket_directories='$SOCKET' -c port=$PORT -c fsync=off" start >/dev/null ||
      die "the server did not start; see $LOG"
  fi
  if [ "$(psql_owner -d postgres -A -t -c "select 1 from pg_database where datname = '$DB'")" != "1" ]; then
    psql_owner -d postgres -c "create database \"$DB\"" >/dev/null
  fi
  psql_owner -d "$DB" -c "set client_min_messages = warning" -c "create extension if not exists postgis" >/dev/null ||
    die "could not create the postgis extension (apt-get install postgresql-15-postgis-3)"
  password_role
  print_env
}

# The role that must log in with a password, and its pg_hba.conf line (first, so that it wins
# over `local all all trust`); the server re-reads pg_hba.conf when the line was added.
password_role() {
  local hba="$DATA/pg_hba.conf" line="local   all             $PASSWORD_ROLE                          scram-sha-256"
  if [ "$(psql_owner -d postgres -A -t -c "select 1 from pg_roles where rolname = '$PASSWORD_ROLE'")" != "1" ]; then
    psql_owner -d postgres -c "create role $PASSWORD_ROLE login" >/dev/null
  fi
  if ! as_owner grep -q "^local *all *$PASSWORD_ROLE " "$hba"; then
    as_owner sh -c "{ echo '$line'; cat '$hba'; } > '$hba.new' && mv '$hba.new' '$hba'"
    psql_owner -d postgres -A -t -c "select pg_reload_conf()" >/dev/null
  fi
}

stop() {
  BIN="$(find_bin)"
  if running; then
    as_owner "$BIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null
  fi
}

status() {
  BIN="$(find_bin)"
  if running && psql_owner -d "$DB" -A -t -c "select postgis_lib_version()" >/dev/null 2>&1; then
    echo "running: $DATA, socket $SOCKET/.s.PGSQL.$PORT, database $DB"
  else
    echo "not running ($DATA)"
    exit 3
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  env) print_env ;;
  status) status ;;
  *) echo "usage: $0 start|stop|env|status" >&2; exit 2 ;;
esac
