# PostgreSQL 15 test server on 127.0.0.1 for umt-postgres. Sourced by servers.sh, not run.
#
# A private cluster in $DIR/postgres/data (initdb), never the packaged one (pg_ctlcluster), so tests
# never touch a database they did not create. The server refuses to run as root: as root it runs as
# the `postgres` user the Debian package creates (runuser), otherwise as the calling user. It listens
# on 127.0.0.1 only, port 5433 or the next free one, with a Unix socket in $DIR/postgres, and trusts
# the superuser `umt` (test-only: no password). Tests create and drop a database of their own.
#
# State: $DIR/postgres/{data/, port, pid, postgres.log, server.properties}; server.properties
# (host, port, user, database) is what dev.umt.testkit.PostgresTestServer reads; it exists only while
# the server runs. Kept apart from servers.properties so the LDAP scripts' rewrites never drop it.

PG_BIN=${UMT_PG_BIN:-/usr/lib/postgresql/15/bin}
POSTGRES_PORT_PREFERRED=${UMT_POSTGRES_PORT:-5433}
POSTGRES_USER_NAME=umt

# as_pg CMD...: runs CMD as the postgres user when we are root, as ourselves otherwise.
as_pg() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# postgres_alive: true while the postmaster recorded in $DIR/postgres/pid runs.
postgres_alive() {
  local f=$DIR/postgres/pid pid comm
  [ -s "$f" ] || return 1
  pid=$(cat "$f")
  pid_runs "$pid" || return 1
  comm=$(cat "/proc/$pid/comm" 2>/dev/null) || return 1
  [ "$comm" = postgres ] || [ "$comm" = postmaster ]
}

postgres_write_properties() {
  local d=$DIR/postgres
  cat > "$d/server.properties.tmp" <<EOF
# Written by scripts/test-servers/servers.sh at $(date -u +%FT%TZ). Test-only: trust authentication on loopback.
postgres.pid=$(cat "$d/pid")
postgres.host=127.0.0.1
postgres.port=$(cat "$d/port")
postgres.user=$POSTGRES_USER_NAME
postgres.database=postgres
EOF
  mv "$d/server.properties.tmp" "$d/server.properties"
}

postgres_start() {
  local d=$DIR/postgres t0 port
  [ -x "$PG_BIN/pg_ctl" ] || die "PostgreSQL is missing ($PG_BIN/pg_ctl): run scripts/test-servers/install.sh"
  if postgres_alive; then
    log "postgres already runs (PID $(cat "$d/pid"), port $(cat "$d/port"))"
    postgres_write_properties
    return 0
  fi
  rm -f "$d/server.properties"
  mkdir -p "$d"
  [ "$(id -u)" = 0 ] && chown postgres: "$d"
  chmod 700 "$d"
  if [ ! -s "$d/data/PG_VERSION" ]; then
    t0=$(now_ms)
    rm -rf "$d/data"
    as_pg "$PG_BIN/initdb" -D "$d/data" -A trust -U "$POSTGRES_USER_NAME" -E UTF8 --locale=C.UTF-8 >"$d/initdb.log" 2>&1 \
      || { tail -20 "$d/initdb.log" >&2; die "postgres: initdb failed (log: $d/initdb.log)"; }
    log "postgres cluster created in $d/data ($(( $(now_ms) - t0 )) ms)"
  fi
  port=$POSTGRES_PORT_PREFERRED
  [ -s "$d/port" ] && port=$(cat "$d/port")
  port=$(free_port "$port")
  echo "$port" > "$d/port"
  t0=$(now_ms)
  # Durable settings as shipped (fsync on): the ledger benchmark compares it with the JSON store, which fsyncs too.
  as_pg "$PG_BIN/pg_ctl" -D "$d/data" -l "$d/postgres.log" -w -t 60 \
    -o "-p $port -k $d -c listen_addresses=127.0.0.1 -c max_connections=200" \
    start >"$d/pg_ctl.log" 2>&1 \
    || { tail -20 "$d/postgres.log" >&2 || true; die "postgres did not start on 127.0.0.1:$port (log: $d/postgres.log)"; }
  head -1 "$d/data/postmaster.pid" > "$d/pid"
  postgres_write_properties
  log "postgres runs: 127.0.0.1:$port, user $POSTGRES_USER_NAME (trust), PID $(cat "$d/pid") ($(( $(now_ms) - t0 )) ms to answer)"
}

postgres_stop() {
  local d=$DIR/postgres
  rm -f "$d/server.properties"
  if ! postgres_alive; then
    rm -f "$d/pid"
    return 0
  fi
  # fast: roll back open transactions and end the sessions (a plain TERM waits for every client to leave).
  as_pg "$PG_BIN/pg_ctl" -D "$d/data" -m fast -w -t 30 stop >>"$d/pg_ctl.log" 2>&1 \
    || { log "postgres: pg_ctl stop failed; immediate shutdown (QUIT)"; kill -QUIT "$(cat "$d/pid")" 2>/dev/null || true; }
  log "postgres stopped (PID $(cat "$d/pid" 2>/dev/null))"
  rm -f "$d/pid"
}

postgres_status() {
  if postgres_alive; then
    echo "postgres: runs, PID $(cat "$DIR/postgres/pid"), 127.0.0.1:$(cat "$DIR/postgres/port"), user $POSTGRES_USER_NAME (trust); details: $DIR/postgres/server.properties"
  else
    echo "postgres: stopped"
  fi
}

postgres_reset() {
  postgres_stop
  rm -rf "${DIR:?}/postgres"
  log "removed $DIR/postgres"
}
