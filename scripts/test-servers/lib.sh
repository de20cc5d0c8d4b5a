# Shared settings and helpers for the test-server scripts. Sourced, not run.
# Everything here is for throw-away servers on 127.0.0.1; the passwords are test-only.

UMT_TEST_SERVERS_DIR=${UMT_TEST_SERVERS_DIR:-/tmp/umt-test-servers}
DIR=$UMT_TEST_SERVERS_DIR
SCRIPTS=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$SCRIPTS/../.." && pwd)
# The eDirectory-style schema, kept once, in the test kit (the in-memory server reads it too).
EDIR_SCHEMA=$REPO/umt-testkit/src/main/resources/dev/umt/testkit/ldap/edirectory-schema.ldif

BASE_DN="dc=example,dc=test"
SLAPD_ADMIN_DN="cn=admin,$BASE_DN"
SLAPD_ADMIN_PASSWORD="umt-slapd-admin"
SLAPD_READER_DN="cn=umt-reader,$BASE_DN"
SLAPD_READER_PASSWORD="umt-slapd-reader"

SAMBA_REALM=EXAMPLE.TEST
SAMBA_DOMAIN=EXAMPLE
SAMBA_BASE_DN="DC=example,DC=test"
SAMBA_ADMIN_DN="CN=Administrator,CN=Users,$SAMBA_BASE_DN"
SAMBA_ADMIN_PASSWORD="Umt-Samba-Admin-1"
SAMBA_READER_LOGIN=umt-reader
SAMBA_READER_DN="CN=umt-reader,CN=Users,$SAMBA_BASE_DN"
SAMBA_READER_PASSWORD="Umt-Samba-Reader-1"
# Two more non-admin accounts that may list tombstones (List Contents + Read Property on CN=Deleted Objects):
# the watcher also holds Replicating Directory Changes (DirSync), the USN reader does not (UMT falls back to USNs).
SAMBA_WATCHER_LOGIN=umt-watcher
SAMBA_WATCHER_DN="CN=umt-watcher,CN=Users,$SAMBA_BASE_DN"
SAMBA_WATCHER_PASSWORD="Umt-Samba-Watcher-1"
SAMBA_USN_LOGIN=umt-usn
SAMBA_USN_DN="CN=umt-usn,CN=Users,$SAMBA_BASE_DN"
SAMBA_USN_PASSWORD="Umt-Samba-Usn-1"

TRUSTSTORE_PASSWORD="umt-test-truststore"

log() { printf '[test-servers] %s\n' "$*" >&2; }
die() { printf '[test-servers] ERROR: %s\n' "$*" >&2; exit 1; }

# now_ms: milliseconds since the epoch, for the timings printed at each step.
now_ms() { date +%s%3N; }

# listening PORT: true when something accepts TCP connections on 127.0.0.1:PORT.
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# free_port PREFERRED: PREFERRED when nothing listens there, else the next port that is free.
free_port() {
  local p=$1
  while listening "$p"; do p=$((p + 1)); done
  echo "$p"
}

# pid_runs PID: true while the process exists and is not a zombie (kill -0 alone says yes to both).
pid_runs() {
  local state
  state=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1) || return 1
  [ -n "$state" ] && [ "$state" != Z ]
}

# alive PIDFILE: true when the process named in PIDFILE runs and is a test server. A PID file left
# by a machine that was stopped may name a zombie, or a PID that another program has since taken.
alive() {
  [ -s "$1" ] || return 1
  local pid comm
  pid=$(cat "$1")
  pid_runs "$pid" || return 1
  comm=$(cat "/proc/$pid/comm" 2>/dev/null) || return 1
  case "$comm" in
    slapd|samba) return 0 ;;
    *) return 1 ;;
  esac
}

# wait_ldap URL [SECONDS]: polls the root DSE until the server answers (no fixed sleep).
wait_ldap() {
  local url=$1 limit=${2:-60} start
  start=$(date +%s)
  until LDAPTLS_REQCERT=never ldapsearch -x -o nettimeout=2 -H "$url" -s base -b "" namingContexts >/dev/null 2>&1; do
    if [ $(( $(date +%s) - start )) -ge "$limit" ]; then
      return 1
    fi
    sleep 0.1
  done
}

# stop_pid PIDFILE NAME: stops the process by its recorded PID and waits until it is gone.
stop_pid() {
  local file=$1 name=$2 pid i
  if ! alive "$file"; then
    rm -f "$file"
    return 0
  fi
  pid=$(cat "$file")
  kill -TERM "$pid"
  for i in $(seq 1 150); do
    pid_runs "$pid" || break
    sleep 0.1
  done
  if pid_runs "$pid"; then
    log "$name (PID $pid) did not stop in 15 s; sending KILL"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$file"
  log "$name stopped (PID $pid)"
}
