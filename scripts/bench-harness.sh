#!/usr/bin/env bash
# The issue-12 performance harness: every phase in its own JVM, each figure beside its bound from the
# same JVM (see docs/benchmarks.md). Called by scripts/bench.sh harness [full|tiny].
#
#   scripts/bench.sh harness            full sizes: reads of 10,000 and 100,000 users from the embedded server
#                                       and 10,000 from a private slapd on 127.0.0.1:7389 (started and stopped
#                                       here, never the shared test servers), no-change runs of 10,000 and
#                                       100,000 users, the live heap of each sync phase under -Xmx256m, 10,000 creates and 200 group
#                                       creates against the GoToMyPC stand-in with 50 ms latency at 10 requests/s
#   scripts/bench.sh harness tiny       every phase at a tiny size, in one JVM (what HarnessTinyTest runs)
#
# Knobs: UMT_BENCH_ROUNDS (5), UMT_BENCH_LATENCY_MS (50), UMT_BENCH_SLAPD_PORT (7389), UMT_BENCH_PHASES
# (read-embedded,read-slapd,sync,heap,creates,groups).
set -euo pipefail
source "$(dirname "$0")/test-servers/lib.sh"
cd "$REPO"
size=${1:-full}
cp="umt-benchmarks/target/classes:$(cat umt-benchmarks/target/bench-classpath.txt)"
java_run() { local heap=$1; shift; java -Xmx"$heap" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" dev.umt.benchmarks.harness.Harness "$@"; }
rounds=${UMT_BENCH_ROUNDS:-5}
latency=${UMT_BENCH_LATENCY_MS:-50}
phases=${UMT_BENCH_PHASES:-read-embedded,read-slapd,sync,heap,creates,groups}
echo "# $(date -u +%FT%TZ) $(uname -srm), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), git $(git rev-parse --short HEAD)"
if [ "$size" = tiny ]; then
  java_run 256m tiny
  exit 0
fi
has() { case ",$phases," in *",$1,"*) return 0 ;; *) return 1 ;; esac; }

# The embedded server holds the whole directory in this JVM: 100,000 users need more than 256 MB (the heap goal is the sync's).
has read-embedded && java_run 2g read-embedded sizes=10000,100000 rounds="$rounds"

if has read-slapd; then
  command -v slapd >/dev/null || die "slapd is missing: run scripts/test-servers/install.sh"
  d=$(mktemp -d /tmp/umt-bench-slapd.XXXXXX)
  trap 'stop_pid "$d/pid" bench-slapd || true; rm -rf "$d"' EXIT
  mkdir -p "$d/slapd.d" "$d/data"
  port=$(free_port "${UMT_BENCH_SLAPD_PORT:-7389}")
  password=umt-bench-admin
  hash=$(slappasswd -s "$password")
  cat >"$d/config.ldif" <<LDIF
dn: cn=config
objectClass: olcGlobal
cn: config

dn: cn=module{0},cn=config
objectClass: olcModuleList
cn: module{0}
olcModulePath: /usr/lib/ldap
olcModuleLoad: {0}back_mdb
olcModuleLoad: {1}memberof

dn: cn=schema,cn=config
objectClass: olcSchemaConfig
cn: schema

include: file:///etc/ldap/schema/core.ldif

include: file:///etc/ldap/schema/cosine.ldif

include: file:///etc/ldap/schema/nis.ldif

include: file:///etc/ldap/schema/inetorgperson.ldif

dn: olcDatabase={-1}frontend,cn=config
objectClass: olcDatabaseConfig
objectClass: olcFrontendConfig
olcDatabase: {-1}frontend
olcSizeLimit: unlimited

dn: olcDatabase={1}mdb,cn=config
objectClass: olcDatabaseConfig
objectClass: olcMdbConfig
olcDatabase: {1}mdb
olcSuffix: $BASE_DN
olcRootDN: $SLAPD_ADMIN_DN
olcRootPW: $hash
olcDbDirectory: $d/data
olcDbMaxSize: 2147483648
olcDbNoSync: TRUE
olcDbIndex: objectClass eq
olcDbIndex: entryUUID eq
olcDbIndex: member,memberOf eq
olcAccess: {0}to * by users read by * none

dn: olcOverlay={0}memberof,olcDatabase={1}mdb,cn=config
objectClass: olcOverlayConfig
objectClass: olcMemberOf
olcOverlay: {0}memberof
olcMemberOfGroupOC: groupOfNames
olcMemberOfMemberAD: member
olcMemberOfMemberOfAD: memberOf
LDIF
  slapadd -q -n0 -F "$d/slapd.d" -l "$d/config.ldif" >"$d/slapadd.log" 2>&1 || { cat "$d/slapadd.log" >&2; die "bench slapd: cn=config"; }
  t0=$(now_ms)
  printf 'dn: %s\nobjectClass: top\nobjectClass: dcObject\nobjectClass: organization\no: Example\ndc: example\n\n' "$BASE_DN" >"$d/users.ldif"
  java_run 1g ldif size=10000 file="$d/org.ldif" >/dev/null
  cat "$d/org.ldif" >>"$d/users.ldif"
  slapadd -q -n1 -F "$d/slapd.d" -l "$d/users.ldif" >>"$d/slapadd.log" 2>&1 || { tail "$d/slapadd.log" >&2; die "bench slapd: loading the users"; }
  nohup slapd -d 0 -h "ldap://127.0.0.1:$port/" -F "$d/slapd.d" >"$d/slapd.log" 2>&1 &
  echo $! >"$d/pid"
  wait_ldap "ldap://127.0.0.1:$port" 30 || die "bench slapd did not answer on 127.0.0.1:$port"
  echo "# private slapd on 127.0.0.1:$port loaded with 10,000 users in $(( $(now_ms) - t0 )) ms"
  umask 077; printf '%s' "$password" >"$d/password"
  java_run 256m read-ldap url="ldap://127.0.0.1:$port" bindDn="$SLAPD_ADMIN_DN" passwordFile="$d/password" size=10000 rounds="$rounds"
  stop_pid "$d/pid" bench-slapd
fi

# The no-change run's time: the in-memory source holds 100,000 users (about 100 MB) in this JVM, so more heap here;
# the heap goal is measured by the heap phase, with a source that holds nothing, under -Xmx256m.
has sync && java_run 1g sync sizes=10000,100000 rounds="$rounds"
has heap && java_run 256m heap sizes=10000,100000
has creates && java_run 256m creates users=10000 latencyMs="$latency" rounds="$rounds"
has groups && java_run 256m groups users=200 latencyMs="$latency" rounds="$rounds"
