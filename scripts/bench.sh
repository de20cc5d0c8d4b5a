#!/usr/bin/env bash
# Runs a benchmark main from umt-benchmarks with a bounded heap, after a reactor build (no install).
#   scripts/bench.sh harness [full|tiny]            the issue-12 harness: every figure beside its bound (scripts/bench-harness.sh)
#   scripts/bench.sh PlanBenchmark [args...]        one main (default heap: -Xmx256m; override with UMT_BENCH_HEAP=512m)
#   scripts/bench.sh SambaIncrementalRun [users] [rounds]   issue 11 on the shared Samba DC (default 10000 5): adds its own OU,
#                                                   an incremental run next to a full one, deletes the OU again; exit 1 on a wrong run
set -euo pipefail
cd "$(dirname "$0")/.."
main=${1:?usage: scripts/bench.sh harness [full|tiny] | scripts/bench.sh BenchmarkClass [args...]}; shift
mvn -B -q -pl umt-benchmarks -am package -DskipTests dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=runtime
if [ "$main" = harness ]; then
  exec scripts/bench-harness.sh "$@"
fi
exec java -Xmx"${UMT_BENCH_HEAP:-256m}" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "umt-benchmarks/target/classes:$(cat umt-benchmarks/target/bench-classpath.txt)" "dev.umt.benchmarks.$main" "$@"
