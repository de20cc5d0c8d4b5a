#!/usr/bin/env bash
# Runs a benchmark main from umt-benchmarks with a bounded heap.
#   scripts/bench.sh PlanBenchmark [args...]        (default heap: -Xmx256m; override with UMT_BENCH_HEAP=512m)
set -euo pipefail
cd "$(dirname "$0")/.."
main=${1:?usage: scripts/bench.sh BenchmarkClass [args...]}; shift
mvn -B -q -pl umt-benchmarks -am install -DskipTests
mvn -B -q -pl umt-benchmarks dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt
exec java -Xmx"${UMT_BENCH_HEAP:-256m}" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "umt-benchmarks/target/classes:$(cat umt-benchmarks/target/bench-classpath.txt)" "dev.umt.benchmarks.$main" "$@"
