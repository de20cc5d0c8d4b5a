#!/usr/bin/env bash
# Loads COUNT enabled users into ou=Benchmark under the base DN of the running test servers, for
# the connectors' read benchmark. Not part of CI. Loading the same count again does nothing; a
# different count replaces the OU.
#
#   scripts/test-servers/load-bulk.sh [COUNT] [slapd|edirectory|samba]...    default: 10000, all three
set -euo pipefail
source "$(dirname "$0")/lib.sh"

count=${1:-10000}
shift || true
case "$count" in ''|*[!0-9]*) die "COUNT must be a number, not '$count'" ;; esac
cd "$REPO"
# The loader is the test kit's (dev.umt.testkit.ldap.BulkUsers): compile it, run it with its classpath.
mvn -B -q -o -pl umt-testkit compile exec:java -Dexec.mainClass=dev.umt.testkit.ldap.BulkUsers \
  -Dexec.args="$count $*" -Dexec.classpathScope=compile
